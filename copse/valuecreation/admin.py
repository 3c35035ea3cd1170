from django.contrib import admin

from .models import IndicatorDefinition, ValueCycle


@admin.register(ValueCycle)
class ValueCycleAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "is_enabled"]
    readonly_fields = ["key", "position"]


@admin.register(IndicatorDefinition)
class IndicatorDefinitionAdmin(admin.ModelAdmin):
    list_display = ["name", "cycle", "community", "source", "measure"]
    list_filter = ["cycle", "source"]
    list_select_related = ["cycle", "community"]
    search_fields = ["name"]
