from django.contrib import admin
from django.db import models

from .models import Event, Registration, Speaker


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "kind", "starts_at", "status", "capacity"]
    list_filter = ["status", "kind", "audience"]
    search_fields = ["title"]
    list_select_related = ["community"]
    raw_id_fields = ["community", "created_by"]
    inlines = [SpeakerInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["event", "person", "status", "registered_at", "attended"]
    list_filter = ["status", "attended"]
    list_select_related = ["event", "person"]
    raw_id_fields = ["event", "person"]
