from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Department, JobFamily, Person, ServiceArea, User


class PersonInline(admin.StackedInline):
    model = Person
    can_delete = False
    autocomplete_fields = ["department", "job_family", "service_area"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["name"]
    list_display = ["name", "known_as", "email", "is_active", "is_programme_team", "is_staff"]
    list_filter = ["is_active", "is_programme_team", "is_staff", "is_superuser"]
    search_fields = ["name", "known_as", "email"]
    inlines = [PersonInline]
    fieldsets = (
        (None, {"fields": ("email", "password", "name", "known_as")}),
        ("Roles", {"fields": ("is_active", "is_programme_team", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),)


@admin.register(ServiceArea)
class ServiceAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Department, JobFamily)
class NamedAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["user", "job_title", "department", "service_area"]
    list_filter = ["service_area", "job_family"]
    search_fields = ["user__name", "user__email", "job_title"]
    list_select_related = ["user", "department", "service_area"]
    autocomplete_fields = ["user", "department", "job_family", "service_area"]
