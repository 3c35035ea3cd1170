from django.contrib import admin

from .models import Project, ProjectUpdate


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
