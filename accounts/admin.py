from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import (
    AuditEvent,
    Membership,
    Notification,
    Provider,
    Region,
    ReminderSent,
    TermsAcceptance,
    User,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name"]
    list_select_related = ["region"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "provider", "is_active"]
    list_filter = ["provider", "is_active", "memberships__role"]
    list_select_related = ["provider"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "phone", "language", "provider")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_id", "ip"]
    list_filter = ["action", "object_type"]
    list_select_related = ["actor"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """What was sent to whom, and where each e-mail stands; undeliverable e-mails can be sent again."""

    list_display = [
        "created_at",
        "kind",
        "email",
        "subject",
        "email_status",
        "email_attempts",
        "email_next_try_at",
        "email_sent_at",
    ]
    list_filter = ["email_status", "kind"]
    search_fields = ["email", "subject"]
    date_hierarchy = "created_at"
    actions = ["send_again"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("accounts.change_notification"):
            actions.pop("send_again", None)
        return actions

    @admin.action(description=_("Send the undeliverable e-mails again"))
    def send_again(self, request, queryset):
        from accounts.outbox import notifications_resend

        count = notifications_resend(notifications=queryset)
        text = ngettext("%(count)d e-mail queued again.", "%(count)d e-mails queued again.", count)
        self.message_user(request, text % {"count": count}, messages.SUCCESS)


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyAdmin):
    """Every reminder that went out, by its unique key (kind, object, due date)."""

    list_display = ["sent_at", "kind", "object_type", "object_repr", "due_date", "recipients"]
    list_filter = ["kind", "object_type", "due_date"]
    search_fields = ["object_repr", "object_id", "notifications__email"]
    date_hierarchy = "sent_at"
    exclude = ["notifications"]
    readonly_fields = ["recipients"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("notifications")

    @admin.display(description=_("recipients"))
    def recipients(self, obj):
        return ", ".join(f"{n.email} ({n.get_email_status_display()})" for n in obj.notifications.all())


@admin.register(TermsAcceptance)
class TermsAcceptanceAdmin(ReadOnlyAdmin):
    list_display = ["accepted_at", "user", "version", "ip"]
    list_filter = ["version"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__full_name"]
