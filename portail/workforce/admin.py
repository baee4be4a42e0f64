from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from portail.workforce.models import Employee


@admin.register(Employee)
class EmployeeAdmin(SimpleHistoryAdmin):
    """Support tool only: the NIR columns are never shown, only the masked form."""

    list_display = (
        "birth_name",
        "first_name",
        "member",
        "contract",
        "declared_category",
        "service_category",
        "exit_date",
    )
    list_filter = ("declared_category", "contract")
    search_fields = ("birth_name", "usage_name", "first_name", "member__number")
    raw_id_fields = ("member", "created_by")
    exclude = ("nir_encrypted", "nir_hash")
    readonly_fields = ("nir_masked", "nir_temporary", "created", "updated")
