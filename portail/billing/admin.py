"""Support tool only. Issued invoices are records: read-only here (and protected by a trigger on PostgreSQL)."""

from django.contrib import admin

from portail.billing.models import (
    BillingJob,
    BillingSettings,
    Invoice,
    InvoiceLine,
    Payment,
    PaymentAllocation,
    Reminder,
    SepaMandate,
)


@admin.register(SepaMandate)
class SepaMandateAdmin(admin.ModelAdmin):
    list_display = ["reference", "member", "holder_name", "signed_at", "revoked_at"]
    raw_id_fields = ["member"]
    readonly_fields = ["reference", "iban", "signed_at", "signed_by", "creditor_id"]


@admin.register(BillingSettings)
class BillingSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "payment_terms_days", "sepa_prenotification_days"]


class InvoiceLineInline(admin.TabularInline):
    model = InvoiceLine
    extra = 0
    fields = ["position", "description", "quantity", "unit_price_ht", "vat_rate", "total_ht", "total_vat",
              "total_ttc"]
    readonly_fields = ["total_ht", "total_vat", "total_ttc"]

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.is_issued

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = ["number", "series", "member", "kind", "issue_date", "total_ttc", "status", "legacy"]
    list_filter = ["status", "kind", "series", "legacy"]
    search_fields = ["number", "member__number", "member__name"]
    raw_id_fields = ["member", "corrects"]
    readonly_fields = ["series", "number", "sequence_value", "status", "issue_date", "due_date", "total_ht",
                       "total_vat", "total_ttc", "legacy", "snapshot"]
    inlines = [InvoiceLineInline]

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.is_issued

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.is_issued

    def has_add_permission(self, request):
        return False  # drafts are created through the billing services (totals, audit)


class PaymentAllocationInline(admin.TabularInline):
    model = PaymentAllocation
    extra = 0
    raw_id_fields = ["invoice"]
    readonly_fields = ["invoice", "amount", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["date", "member", "method", "amount", "reference"]
    list_filter = ["method"]
    search_fields = ["reference", "member__number", "member__name"]
    readonly_fields = ["member", "method", "date", "amount", "reference", "created_by"]
    inlines = [PaymentAllocationInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class _ReadOnlyAdmin(admin.ModelAdmin):
    """History written by the billing screens: visible for support, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BillingJob)
class BillingJobAdmin(_ReadOnlyAdmin):
    list_display = ["pk", "kind", "status", "done", "total", "first_number", "last_number", "created_at"]
    list_filter = ["status", "kind"]


@admin.register(Reminder)
class ReminderAdmin(_ReadOnlyAdmin):
    list_display = ["invoice", "level", "sent_at", "sent_by"]
    raw_id_fields = ["invoice"]
