from django.contrib import admin

from .models import DigestRun, Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]
    search_fields = ["title", "recipient__name", "recipient__email"]
    raw_id_fields = ["recipient", "actor", "digest"]
    date_hierarchy = "created_at"


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "delivery"]
    list_filter = ["kind", "delivery"]
    search_fields = ["person__name", "person__email"]
    raw_id_fields = ["person"]


@admin.register(DigestRun)
class DigestRunAdmin(admin.ModelAdmin):
    list_display = ["person", "period", "period_start", "created_at", "sent_at"]
    list_filter = ["period", "period_start"]
    search_fields = ["person__name", "person__email"]
    raw_id_fields = ["person"]
