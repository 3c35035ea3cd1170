from django.contrib import admin

from .models import NewsPost


@admin.register(NewsPost)
class NewsPostAdmin(admin.ModelAdmin[NewsPost]):
    list_display = ("title", "kind", "community", "audience", "publish_at")
    list_filter = ("kind", "audience")
    search_fields = ("title",)
    raw_id_fields = ("community", "author", "recognised_community", "recognised_person")
