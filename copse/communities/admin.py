from django.contrib import admin
from django.db import models

from .models import Community, CommunityLink, JoinRequest, LogEntry, Membership


class LinkInline(admin.TabularInline):
    model = CommunityLink
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "service_area", "visibility", "status"]
    list_filter = ["status", "visibility", "service_area"]
    search_fields = ["name", "purpose"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["proposed_by", "decided_by"]
    inlines = [LinkInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "community", "role", "joined_at", "left_at"]
    list_filter = ["role", "community"]
    search_fields = ["person__name", "person__email", "community__name"]
    list_select_related = ["person", "community"]
    autocomplete_fields = ["person", "community"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["person", "community", "status", "created_at", "decided_by"]
    list_filter = ["status", "community"]
    search_fields = ["person__name", "community__name"]
    list_select_related = ["person", "community", "decided_by"]
    autocomplete_fields = ["person", "community", "decided_by"]


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "community", "actor", "action", "subject"]
    list_filter = ["action"]
    list_select_related = ["community", "actor", "subject"]
    readonly_fields = [f.name for f in LogEntry._meta.fields]

    def has_add_permission(self, request):  # the audit trail is written by the services only
        return False

    def has_change_permission(self, request, obj=None):
        return False
