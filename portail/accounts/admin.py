from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from portail.accounts.models import Mandate, User


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ["username", "kind", "member", "email", "is_active", "must_change_password"]
    list_filter = ["kind", "is_active", "is_staff"]
    raw_id_fields = ["member"]
    fieldsets = [
        *(UserAdmin.fieldsets or ()),
        ("Portail", {"fields": ["kind", "member", "organisation", "must_change_password"]}),
    ]
    add_fieldsets = [
        *(UserAdmin.add_fieldsets or ()),
        ("Portail", {"fields": ["kind", "member", "email", "must_change_password"]}),
    ]


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin):
    list_display = ["mandataire", "member", "granted_at", "revoked_at"]
    raw_id_fields = ["mandataire", "member"]
