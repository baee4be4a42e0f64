from django.contrib import admin

from portail.activity.models import WorkplaceAction


@admin.register(WorkplaceAction)
class WorkplaceActionAdmin(admin.ModelAdmin):
    list_display = ("date", "member", "kind", "title", "participants")
    list_filter = ("kind",)
    search_fields = ("member__number", "member__name", "title")
    date_hierarchy = "date"
    raw_id_fields = ("member",)
    filter_horizontal = ("staff",)
    readonly_fields = ("created_by", "created_at")
