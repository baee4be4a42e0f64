from django.contrib import admin

from portail.audit.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "actor_label", "member", "summary", "ip_address"]
    list_filter = ["action"]
    search_fields = ["action", "actor_label", "summary"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
