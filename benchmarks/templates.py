"""How fast each way of writing a template renders the same busy list, to choose how Copse renders its pages.

The list is the members table of a community: 100 rows, each with a face, a name and job title, a role badge, the
date joined and a lead's role form (a <select> of three roles, a button and a link), which is the shape of the
slowest pages measured in issue 8 (members, join requests, past events). The data are plain objects built in
memory, so the figures are the template engine's cost alone, without the database.

    .venv/bin/python benchmarks/templates.py [--rows 100] [--repeat 200]

Ways compared, each rendering identical HTML (checked):
1. Django templates with an {% include %} for each row (how the members page was written);
2. Django templates with the row in a {% partialdef %} (django-template-partials, which Copse no longer uses:
   skipped when it is not installed);
3. Django templates with the row inline in the loop;
4. Django templates with the row drawn by a simple tag in Python (format_html);
5. Jinja2 with the row inline, in Copse's own environment (`copse/core/jinja.py`), as the pages are rendered.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "copse.settings")
os.environ.setdefault("SECRET_KEY", "bench")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.template import engines  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils.html import format_html  # noqa: E402
from django.utils.safestring import mark_safe  # noqa: E402

ROW = (
    '<tr><th scope="row"><span class="person-chip">{{ avatar }}<a href="{{ m.url }}">{{ m.name }}</a></span></th>'
    '<td data-label="Job title">{{ m.job_title }}{% if m.department %}<br><small>{{ m.department }}</small>'
    '{% endif %}</td><td data-label="Role"><span class="badge">{{ m.role_label }}</span></td>'
    '<td data-label="Member since">{{ m.joined|date:"j F Y" }}</td>'
    '<td class="actions"><form method="post" action="{% url "communities:change_role" slug m.pk %}">'
    '<input type="hidden" name="csrfmiddlewaretoken" value="{{ token }}">'
    '<label for="role-{{ m.pk }}" class="visually-hidden">Role of {{ m.name }}</label>'
    '<select name="role" id="role-{{ m.pk }}">{% for value, label in roles %}<option value="{{ value }}"'
    "{% if value == m.role %} selected{% endif %}>{{ label }}</option>{% endfor %}</select>"
    '<button type="submit" class="secondary small">Change role<span class="visually-hidden"> of {{ m.name }}'
    '</span></button></form><a href="{% url "communities:remove_member" slug m.pk %}">Remove'
    '<span class="visually-hidden"> {{ m.name }}</span></a></td></tr>'
)
TABLE_START = "<table><tbody>"
TABLE_END = "</tbody></table>"
ROLES = [("lead", "Lead"), ("core", "Core member"), ("member", "Wider member")]


def rows(n: int) -> list[SimpleNamespace]:
    london = ZoneInfo("Europe/London")
    return [
        SimpleNamespace(
            pk=i,
            url=f"/people/{i}/",
            name=f"Person {i} <Surname>",
            job_title="Management Accountant",
            department="Finance Office" if i % 3 else "",
            role=ROLES[i % 3][0],
            role_label=ROLES[i % 3][1],
            joined=datetime(2025, 1 + i % 12, 1 + i % 28, tzinfo=london),
            avatar=format_html(
                '<span class="avatar avatar-xs avatar-c{}" aria-hidden="true">P{}</span>', i % 12, i
            ),
        )
        for i in range(n)
    ]


def django_template(source: str) -> Any:
    return engines["django"].from_string(source)


def ways() -> dict[str, Any]:
    loop = "{% for m in members %}{% with avatar=m.avatar %}" + ROW + "{% endwith %}{% endfor %}"
    found: dict[str, Any] = {}

    # 1. include per row: the row lives in its own template, found through a loader like any include.
    from django.template import Context, Engine
    from django.template.library import InvalidTemplateLibrary

    engine = Engine(
        loaders=[("django.template.loaders.locmem.Loader", {"row.html": ROW})],
        builtins=["django.templatetags.static"],
    )
    include = engine.from_string(
        TABLE_START + '{% for m in members %}{% with avatar=m.avatar %}{% include "row.html" %}{% endwith %}'
        "{% endfor %}" + TABLE_END
    )
    found["Django, an include per row"] = lambda ctx: include.render(Context(ctx))

    try:
        partials = Engine(libraries={"partials": "template_partials.templatetags.partials"})
        partial = partials.from_string(
            "{% load partials %}{% partialdef row %}"
            + ROW
            + "{% endpartialdef %}"
            + TABLE_START
            + "{% for m in members %}{% with avatar=m.avatar %}{% partial row %}{% endwith %}{% endfor %}"
            + TABLE_END
        )
        found["Django, a partial per row"] = lambda ctx: partial.render(Context(ctx))
    except InvalidTemplateLibrary:  # django-template-partials is not installed
        pass

    inline = django_template(TABLE_START + loop + TABLE_END)
    found["Django, the row inline"] = inline.render

    def member_row(m: SimpleNamespace, slug: str, token: str) -> str:
        options = mark_safe(  # noqa: S308 (fixed values, no one's text)
            "".join(
                f'<option value="{value}"{" selected" if value == m.role else ""}>{label}</option>'
                for value, label in ROLES
            )
        )
        department = format_html("<br><small>{}</small>", m.department) if m.department else ""
        return format_html(
            '<tr><th scope="row"><span class="person-chip">{}<a href="{}">{}</a></span></th>'
            '<td data-label="Job title">{}{}</td><td data-label="Role"><span class="badge">{}</span></td>'
            '<td data-label="Member since">{}</td><td class="actions"><form method="post" action="{}">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<label for="role-{}" class="visually-hidden">Role of {}</label>'
            '<select name="role" id="role-{}">{}</select>'
            '<button type="submit" class="secondary small">Change role<span class="visually-hidden"> of {}'
            '</span></button></form><a href="{}">Remove<span class="visually-hidden"> {}</span></a></td></tr>',
            m.avatar,
            m.url,
            m.name,
            m.job_title,
            department,
            m.role_label,
            f"{m.joined.day} {m.joined:%B %Y}",
            reverse("communities:change_role", args=[slug, m.pk]),
            token,
            m.pk,
            m.name,
            m.pk,
            options,
            m.name,
            reverse("communities:remove_member", args=[slug, m.pk]),
            m.name,
        )

    def simple_tag(ctx: dict[str, Any]) -> str:
        return (
            TABLE_START
            + "".join(member_row(m, ctx["slug"], ctx["token"]) for m in ctx["members"])
            + TABLE_END
        )

    found["Python, a function per row (format_html)"] = simple_tag

    env = engines["jinja2"].env  # Copse's own: url() remembers addresses, date is Django's filter
    jinja_row = (
        ROW.replace(
            '{% url "communities:change_role" slug m.pk %}',
            '{{ url("communities:change_role", slug, m.pk) }}',
        )
        .replace(
            '{% url "communities:remove_member" slug m.pk %}',
            '{{ url("communities:remove_member", slug, m.pk) }}',
        )
        .replace('{{ m.joined|date:"j F Y" }}', '{{ m.joined|date("j F Y") }}')
    )
    jinja = env.from_string(
        TABLE_START
        + "{% for m in members %}{% set avatar = m.avatar %}"
        + jinja_row
        + "{% endfor %}"
        + TABLE_END
    )
    found["Jinja2, the row inline"] = lambda ctx: jinja.render(**ctx)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    context = {
        "members": rows(args.rows),
        "roles": ROLES,
        "slug": "finance-business-partners",
        "token": "t" * 64,
    }
    outputs = {}
    print(f"Rendering a members table of {args.rows} rows, {args.repeat} times each (median per render):")
    for name, render in ways().items():
        render(dict(context))
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            html = render(dict(context))
            times.append(time.perf_counter() - start)
        outputs[name] = "".join(str(html).split())
        print(f"  {name:45} {statistics.median(times) * 1000:7.2f} ms")
    reference = next(iter(outputs.values()))
    different = [name for name, html in outputs.items() if html != reference]
    print("  all render the same HTML" if not different else f"  different HTML: {different}")


if __name__ == "__main__":
    main()
