from django.contrib import admin

from portail.billing.models import SepaMandate


@admin.register(SepaMandate)
class SepaMandateAdmin(admin.ModelAdmin):
    list_display = ["reference", "member", "holder_name", "signed_at", "revoked_at"]
    raw_id_fields = ["member"]
