from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Project, ProjectUpdate, UpdateAttachment


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("title", "community", "status", "updated_at")
    list_filter = ("status",)
    search_fields = ("title",)
    raw_id_fields = ("owner", "created_by", "team")


@admin.register(ProjectUpdate)
class ProjectUpdateAdmin(admin.ModelAdmin):
    list_display = ("project", "author", "created_at")
    raw_id_fields = ("project", "author")


@admin.register(UpdateAttachment)
class UpdateAttachmentAdmin(admin.ModelAdmin):
    """What is attached to which update, to look at: files are written only by the services, which check them."""

    list_display = ("filename", "update", "content_type", "size", "uploaded_by", "created_at")
    list_select_related = ("update", "uploaded_by")
    search_fields = ("filename",)
    readonly_fields = tuple(f.name for f in UpdateAttachment._meta.fields)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
