from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(*parts: Any) -> dict[str, Any]:
    """`{% breadcrumbs "Communities" list_url community.name %}`: label and URL pairs, then the current page."""
    pairs = list(zip(parts[:-1:2], parts[1:-1:2], strict=True))
    return {"trail": pairs, "current": parts[-1]}
