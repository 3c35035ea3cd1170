import zoneinfo
from datetime import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString

from copse.core.markdown import render_markdown_safe

register = template.Library()


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(*parts: Any) -> dict[str, Any]:
    """`{% breadcrumbs "Communities" list_url community.name %}`: label and URL pairs, then the current page."""
    pairs = list(zip(parts[:-1:2], parts[1:-1:2], strict=True))
    return {"trail": pairs, "current": parts[-1]}


@register.filter
def when(value: datetime | None) -> str:
    """A moment in full, in the active time zone, as UI.md asks: "Thursday 23 April 2026, 2:30pm"."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = local.hour % 12 or 12
    return f"{local:%A} {local.day} {local:%B %Y}, {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


@register.filter
def markdown(text: str) -> SafeString:
    """Someone's Markdown (an event's description, say) as sanitised HTML."""
    return render_markdown_safe(text or "")


def zone_label(name: str) -> str:
    """How a time zone is named beside times: "London time" for Europe/London."""
    return name.rsplit("/", 1)[-1].replace("_", " ") + " time"


@register.filter
def when_in(value: datetime | None, zone_name: str) -> str:
    """`when`, in a named time zone rather than the viewer's: "Thursday 23 April 2026, 2:30pm"."""
    if value is None:
        return ""
    with timezone.override(zoneinfo.ZoneInfo(zone_name)):
        return when(value)
