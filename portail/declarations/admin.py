"""Support only. Declarations and their lists are records: read-only here; changes go through the services."""

from django.contrib import admin

from portail.declarations.models import BilledAddition, Campaign, Declaration, DeclarationLine


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ("year", "reference_date", "closes_on", "status")


class LineInline(admin.TabularInline):
    model = DeclarationLine
    extra = 0
    can_delete = False
    fields = ("birth_name", "first_name", "contract", "category", "determinants_label")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Declaration)
class DeclarationAdmin(ReadOnlyAdmin):
    list_display = ("number", "member", "campaign", "version", "status", "validated", "submitted_at")
    list_filter = ("status", "validated", "campaign")
    search_fields = ("number", "member__number", "member__name")
    inlines = [LineInline]


@admin.register(BilledAddition)
class BilledAdditionAdmin(ReadOnlyAdmin):
    list_display = ("employee", "member", "campaign", "invoice", "billed_at")
