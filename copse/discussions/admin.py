from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .markdown import render_markdown
from .models import Post, Reaction, Thread


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "kind", "author", "reply_count", "last_activity_at", "is_locked"]
    list_filter = ["kind", "is_locked", "is_pinned", "community"]
    search_fields = ["title"]
    list_select_related = ["community", "author"]
    raw_id_fields = ["author", "accepted_answer"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["pk", "thread", "author", "created_at", "edited_at", "deleted_at"]
    search_fields = ["body"]
    list_select_related = ["thread", "author"]
    raw_id_fields = ["thread", "author"]
    readonly_fields = ["body_html"]  # always rendered from the body, never typed

    def save_model(self, request: HttpRequest, obj: Post, form: Any, change: bool) -> None:
        obj.body_html = render_markdown(obj.body)
        super().save_model(request, obj, form, change)


@admin.register(Reaction)
class ReactionAdmin(admin.ModelAdmin):
    list_display = ["post", "person", "kind", "created_at"]
    list_filter = ["kind"]
    raw_id_fields = ["post", "person"]
