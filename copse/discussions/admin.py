from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .mentions import render_post
from .models import Flag, ModerationAction, Post, PostAttachment, Reaction, ReadPosition, Subscription, Thread


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
        obj.body_html = render_post(obj.body, obj.thread.community).html
        super().save_model(request, obj, form, change)


@admin.register(PostAttachment)
class PostAttachmentAdmin(admin.ModelAdmin):
    """What is attached to which post, to look at: files are written only by the services, which check them."""

    list_display = ["filename", "post", "content_type", "size", "uploaded_by", "created_at"]
    list_select_related = ["post", "uploaded_by"]
    search_fields = ["filename"]
    readonly_fields = [f.name for f in PostAttachment._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Reaction)
class ReactionAdmin(admin.ModelAdmin):
    list_display = ["post", "person", "kind", "created_at"]
    list_filter = ["kind"]
    raw_id_fields = ["post", "person"]


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["post", "flagged_by", "reason", "created_at", "outcome"]
    list_filter = ["outcome"]
    search_fields = ["reason"]
    raw_id_fields = ["post", "flagged_by", "resolved_by"]


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "community", "thread", "actor", "action", "reason"]
    list_filter = ["action"]
    list_select_related = ["community", "thread", "actor"]
    readonly_fields = [f.name for f in ModerationAction._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:  # the log is written by the services only
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["person", "thread", "community", "state", "created_at"]
    list_filter = ["state"]
    raw_id_fields = ["person", "thread", "community"]


@admin.register(ReadPosition)
class ReadPositionAdmin(admin.ModelAdmin):
    """Where each person has read up to, for the operator answering "why does this thread say New?"."""

    list_display = ["person", "thread", "community", "read_at"]
    list_select_related = ["person", "thread", "community"]
    search_fields = ["person__email", "person__name", "thread__title", "community__name"]
    raw_id_fields = ["person", "thread", "community"]
