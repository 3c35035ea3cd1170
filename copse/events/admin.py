from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from .models import CalendarToken, Event, Material, Registration, Speaker


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "kind", "starts_at", "status", "capacity"]
    list_filter = ["status", "kind", "audience"]
    search_fields = ["title"]
    list_select_related = ["community"]
    raw_id_fields = ["community", "created_by"]
    inlines = [SpeakerInline, MaterialInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["event", "person", "status", "registered_at", "attended"]
    list_filter = ["status", "attended"]
    list_select_related = ["event", "person"]
    raw_id_fields = ["event", "person"]


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    """Who has calendar addresses. The key itself is never shown; deleting a token turns the addresses off."""

    list_display = ["person", "created_at"]
    search_fields = ["person__email", "person__name"]
    list_select_related = ["person"]
    fields = ["person", "created_at"]
    readonly_fields = ["person", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
