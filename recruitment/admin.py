from django.contrib import admin

from recruitment.models import Contact, Employer


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["name", "org_number", "region", "responsible_provider", "responsible_kam"]
    list_filter = ["region", "is_member"]
    list_select_related = ["region", "responsible_provider", "responsible_kam"]
    search_fields = ["name", "org_number"]
    raw_id_fields = ["responsible_kam"]
    inlines = [ContactInline]
