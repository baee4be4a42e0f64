from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from portail.workforce.models import Employee, ImportJob


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
    # facts_changed and version are kept by Employee.save: typed by hand, they would hide a stale follow-up or an
    # edit conflict.
    readonly_fields = ("nir_masked", "nir_temporary", "created", "updated", "facts_changed", "version")


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Support tool: follow a member's background import; read-only (the task owns these rows)."""

    list_display = ("pk", "member", "name", "status", "phase", "done", "total", "created_at", "finished_at")
    list_filter = ("status",)
    search_fields = ("member__number", "name")
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
