from django.contrib import admin

from portail.backoffice.models import StaffProfile


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "care_team")
    list_filter = ("role",)
    search_fields = ("user__username", "user__last_name")
