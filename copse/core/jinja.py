"""How Copse's pages are rendered: Jinja2 for every page and email of the apps, Django templates for the admin,
the form widgets and django-allauth's own pages (which the shell wraps, `templatetags/shell.py`).

Jinja2 renders the same markup about three times faster than Django's engine (`benchmarks/templates.py`), and the
busiest pages draw hundreds of rows. Each app may add globals and filters in a `templating` module with `GLOBALS`
and `FILTERS` dictionaries; core imports none of them by name.

Two things Django's own Jinja2 backend lacks, added here:
- `render(request, "discussions/thread_list.html#threads", …)` renders one `{% block %}` of a page, so a view
  answers htmx with the fragment of the page it would otherwise render whole;
- each render sends Django's `template_rendered` signal, so the test client's `response.context` and
  `assertTemplateUsed` work as they do with Django templates.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any

import jinja2
from django.apps import apps
from django.contrib.humanize.templatetags.humanize import intcomma
from django.middleware.csrf import get_token
from django.template import TemplateDoesNotExist, defaultfilters
from django.template.backends.jinja2 import Jinja2 as DjangoJinja2
from django.template.backends.jinja2 import Template as DjangoJinjaTemplate
from django.templatetags.static import static
from django.test.signals import template_rendered
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from copse.core import charts, ui
from copse.core.links import address


def render_part(context: jinja2.runtime.Context, template_name: str, **values: Any) -> SafeString:
    """A piece of a page drawn by its own template from `values`, with the page's context (request, user, CSRF)
    beside them: what an app's global such as `activity_feed(memberships)` returns."""
    template = context.environment.get_template(template_name)
    return SafeString(template.render({**context.get_all(), **values}))


@jinja2.pass_context
def querystring(context: jinja2.runtime.Context, **changes: Any) -> str:
    """`{{ querystring(month=next_month) }}`: this page's query string with `changes` (None removes a key), as
    Django's `{% querystring %}` tag gives it, starting with "?" (nothing when the page had no query and none is
    added)."""
    query = context["request"].GET
    params = query.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    if not params and not query:
        return ""
    return "?" + params.urlencode()


def pluralize(value: Any, suffix: str = "s") -> str:
    """`{{ count }} thread{{ count|pluralize }}`, or `|pluralize("y,ies")`, as Django's filter."""
    return str(defaultfilters.pluralize(value, suffix))


def _local(value: Any) -> Any:
    """An aware moment in the active time zone, as Django's template engine hands it to `date` and `time`."""
    return timezone.localtime(value) if isinstance(value, datetime) and timezone.is_aware(value) else value


def date(value: Any, format: str = "") -> str:
    """Django's `date` filter, in the active time zone: `{{ day|date("j F Y") }}`."""
    return str(defaultfilters.date(_local(value), format or None))


def time(value: Any, format: str = "") -> str:
    """Django's `time` filter, in the active time zone: `{{ event.starts_at|time("g:iA") }}`."""
    return str(defaultfilters.time(_local(value), format or None))


def linebreaksbr(value: str) -> SafeString:
    return defaultfilters.linebreaksbr(value, autoescape=True)


def truncatewords(value: str, count: int) -> str:
    return str(defaultfilters.truncatewords(value, count))


def yesno(value: Any, choices: str = "yes,no") -> str:
    return str(defaultfilters.yesno(value, choices))


FILTERS: dict[str, Callable[..., Any]] = {
    "ago": ui.ago,
    "when": ui.when,
    "when_in": ui.when_in,
    "markdown": ui.markdown,
    "pluralize": pluralize,
    "date": date,
    "time": time,
    "linebreaksbr": linebreaksbr,
    "truncatewords": truncatewords,
    "yesno": yesno,
    "intcomma": intcomma,
    "query": urlencode,
    "figure": charts.figure,
}

GLOBALS: dict[str, Any] = {
    "url": address,
    "static": static,
    "querystring": querystring,
    "avatar": ui.avatar,
    "date_tile": ui.date_tile,
    "breadcrumbs": ui.breadcrumbs,
    "person_chip": ui.person_chip,
    "attachments": ui.attachments,
    "field": ui.field,
    "form_errors": ui.form_errors,
}


def environment(**options: Any) -> jinja2.Environment:
    """The Jinja2 environment: autoescaped (but for plain text), undefined names rendering as nothing (as in
    Django templates), with core's globals and filters and each app's."""
    options["undefined"] = jinja2.ChainableUndefined
    # Escaped, except plain-text emails (*.txt).
    options["autoescape"] = jinja2.select_autoescape(disabled_extensions=("txt",), default=True)
    env = jinja2.Environment(**options)  # noqa: S701 (autoescape is set just above)
    env.globals.update(GLOBALS)
    env.filters.update(FILTERS)
    for app in apps.get_app_configs():
        name = f"{app.name}.templating"
        if app.name.startswith("copse.") and importlib.util.find_spec(name) is not None:
            module = importlib.import_module(name)
            env.globals.update(getattr(module, "GLOBALS", {}))
            env.filters.update(getattr(module, "FILTERS", {}))
    return env


class Template(DjangoJinjaTemplate):
    """A Jinja2 page, or one block of it (`block`), that tells the test client what it rendered."""

    def __init__(self, template: jinja2.Template, backend: Jinja2, block: str = "") -> None:
        super().__init__(template, backend)
        self.block = block
        self.name = (template.name or "") + (f"#{block}" if block else "")

    def render(self, context: dict[str, Any] | None = None, request: Any = None) -> SafeString:
        values = self.context_for(context, request)
        template_rendered.send(sender=self, template=self, context=values)
        if not self.block:
            return SafeString(self.template.render(values))
        fragment = self.template.blocks[self.block]
        return SafeString("".join(fragment(self.template.new_context(values))))

    def context_for(self, context: dict[str, Any] | None, request: Any) -> dict[str, Any]:
        """What Django's Jinja2 backend puts in a page's context: the request, the CSRF token and the context
        processors' values, under the view's own (which win, as with Django templates: the home page hands the
        header its communities so that the context processor's query does not run)."""
        values: dict[str, Any] = {}
        if request is not None:
            values["request"] = request
            # Worked out once a page: Django's lazy token is masked afresh each time it is printed, which a page
            # of 50 rows with a form each paid 50 times.
            token = cache(lambda: get_token(request))
            values["csrf_token"] = lazy(token, str)()
            field = cache(
                lambda: format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token())
            )
            values["csrf_input"] = lazy(field, SafeString)()
            for processor in self.backend.template_context_processors:
                values.update(processor(request))
        values.update(context or {})
        return values


class Jinja2(DjangoJinja2):
    """Django's Jinja2 backend, with `name#block` to render one block of a page."""

    def get_template(self, template_name: str) -> Template:
        name, _, block = template_name.partition("#")
        page = super().get_template(name)
        if block and block not in page.template.blocks:
            raise TemplateDoesNotExist(template_name, backend=self)
        return Template(page.template, self, block)
