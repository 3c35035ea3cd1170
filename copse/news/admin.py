from django.contrib import admin

from .models import NewsPost


@admin.register(NewsPost)
class NewsPostAdmin(admin.ModelAdmin[NewsPost]):
    list_display = ("title", "kind", "community", "audience", "publish_at")
    list_filter = ("kind", "audience")
    search_fields = ("title",)
    raw_id_fields = ("community", "author", "recognised_community", "recognised_person")
    # A picture is only ever Copse's own re-encoding, written by the news services with its small copy.
    readonly_fields = ("picture", "picture_width", "picture_height")
