from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from portail.members import models


@admin.register(models.Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "hotline_email"]


@admin.register(models.Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "phone", "calendar_region"]


@admin.register(models.TeamMember)
class TeamMemberAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "role", "phone", "email"]
    list_filter = ["role"]


@admin.register(models.CareTeam)
class CareTeamAdmin(admin.ModelAdmin):
    list_display = ["name", "centre"]
    filter_horizontal = ["people"]


@admin.register(models.Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = ["number", "name", "siret", "status", "group_head"]
    search_fields = ["number", "name", "siret"]
    list_filter = ["status"]
    raw_id_fields = ["group_head"]


@admin.register(models.MemberAddress)
class MemberAddressAdmin(SimpleHistoryAdmin):
    list_display = ["member", "kind", "city"]
    raw_id_fields = ["member"]


@admin.register(models.MemberContact)
class MemberContactAdmin(SimpleHistoryAdmin):
    list_display = ["member", "kind", "last_name", "first_name", "email"]
    raw_id_fields = ["member"]


@admin.register(models.SituationChangeRequest)
class SituationChangeRequestAdmin(SimpleHistoryAdmin):
    list_display = ["member", "kind", "effective_date", "status", "created_at"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["member"]
