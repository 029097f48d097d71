from django.contrib import admin

from recruitment.models import (
    AccountPlanVersion,
    ClientTeamMember,
    Contact,
    ContactInvitation,
    ContactLogEntry,
    Employer,
    PortfolioAssignment,
    PyramidAssessment,
    SectorPortfolio,
)


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["name", "org_number", "region", "sector", "tier", "responsible_provider", "responsible_kam"]
    list_filter = ["region", "is_member", "sector", "tier"]
    list_select_related = ["region", "responsible_provider", "responsible_kam"]
    search_fields = ["name", "org_number"]
    raw_id_fields = ["responsible_kam"]
    inlines = [ContactInline]


@admin.register(PortfolioAssignment)
class PortfolioAssignmentAdmin(admin.ModelAdmin):
    list_display = ["employer", "kam", "started_on", "ended_on"]
    list_select_related = ["employer", "kam"]
    raw_id_fields = ["employer", "kam", "assigned_by"]


@admin.register(SectorPortfolio)
class SectorPortfolioAdmin(admin.ModelAdmin):
    list_display = ["provider", "sector", "kam"]
    list_select_related = ["provider", "kam"]


@admin.register(PyramidAssessment)
class PyramidAssessmentAdmin(admin.ModelAdmin):
    list_display = ["employer", "computed_tier", "override_tier", "excluded", "assessed_at"]
    list_select_related = ["employer"]
    raw_id_fields = ["employer", "sensitive_handler", "override_by", "assessed_by"]


@admin.register(AccountPlanVersion)
class AccountPlanVersionAdmin(admin.ModelAdmin):
    list_display = ["employer", "version", "reviewed_on", "created_by"]
    list_select_related = ["employer", "created_by"]
    raw_id_fields = ["employer", "created_by"]


@admin.register(ContactLogEntry)
class ContactLogEntryAdmin(admin.ModelAdmin):
    list_display = ["employer", "kind", "occurred_on", "planned", "kam"]
    list_filter = ["kind", "planned"]
    list_select_related = ["employer", "kam"]
    raw_id_fields = ["employer", "kam"]


@admin.register(ContactInvitation)
class ContactInvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations are sent from the employer page and accepted through their link."""

    list_display = ["sent_at", "contact", "email", "sent_by", "expires_at", "used_at", "revoked_at"]
    list_select_related = ["contact__employer", "sent_by"]
    search_fields = ["email", "contact__full_name", "contact__employer__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ClientTeamMember)
class ClientTeamMemberAdmin(admin.ModelAdmin):
    list_display = ["employer", "user", "role", "added_at"]
    list_select_related = ["employer", "user"]
    raw_id_fields = ["employer", "user", "added_by"]


# Satisfaction answers are left out of the admin on purpose: with the contact's name they are for the
# employer's own team only (accounts.policy.can_see_satisfaction_answers).
