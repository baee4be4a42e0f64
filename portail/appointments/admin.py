"""Support tools only; planning happens under /gestion/rendez-vous/."""

from django.contrib import admin

from portail.appointments.models import (
    Appointment,
    AppointmentRequest,
    AppointmentSettings,
    CancellationRequest,
    SharedDocument,
    Slot,
)


@admin.register(AppointmentSettings)
class AppointmentSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "cancellation_days", "cutoff_hour")

    def has_add_permission(self, request):
        return not AppointmentSettings.objects.exists()


@admin.register(AppointmentRequest)
class AppointmentRequestAdmin(admin.ModelAdmin):
    list_display = ("number", "member", "visit_kind", "status", "created_at")
    list_filter = ("status", "visit_kind")
    search_fields = ("member__number", "member__name")
    raw_id_fields = ("member", "employees", "created_by")


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = ("start", "end", "professional", "centre")
    list_filter = ("centre",)


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ("start", "member", "employee", "visit_kind", "status")
    list_filter = ("status", "visit_kind")
    search_fields = ("member__number", "employee__birth_name")
    raw_id_fields = ("member", "employee", "request", "slot")


@admin.register(CancellationRequest)
class CancellationRequestAdmin(admin.ModelAdmin):
    list_display = ("appointment", "member", "status", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("member", "appointment", "created_by")


@admin.register(SharedDocument)
class SharedDocumentAdmin(admin.ModelAdmin):
    list_display = ("appointment", "member", "kind", "created_at")
    raw_id_fields = ("member", "appointment", "uploaded_by")
