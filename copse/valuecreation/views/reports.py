"""Value reports: the value-creation matrix of a community, a service area and the organisation for a chosen
period, and each person's own ("My value"); every table also as CSV (`?format=csv&table=<name>`)."""

from __future__ import annotations

import csv
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from copse.accounts.http import StaffRequest as Request
from copse.accounts.models import ServiceArea
from copse.core.charts import bar_chart, line_chart

from ..forms.reports import PeriodForm
from ..models import SMALL_GROUP, ValueStory
from ..permissions import (
    get_area_report_for,
    get_community_report_for,
    require_organisation_report_reader,
    sees_small_story_counts,
)
from ..reports import (
    Cell,
    Matrix,
    ReportScope,
    Table,
    month_short,
    period_words,
    report_tables,
    value_matrix,
)

# Cells a spreadsheet would read as a formula, and run.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: Cell) -> str:
    """A cell as CSV text: numbers as numbers, and text that a spreadsheet would take for a formula behind a
    quote, so a story's words can never run as one."""
    if isinstance(cell, Decimal):
        return str(int(cell)) if cell == cell.to_integral_value() else str(cell)
    if isinstance(cell, int):
        return str(cell)
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def csv_response(table: Table, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so that spreadsheets read the file as UTF-8
    writer = csv.writer(response)
    grouped = bool(table.groups)
    writer.writerow([spreadsheet_safe(h) for h in ([table.group_header] if grouped else []) + table.headers])
    groups = table.groups if grouped else [""] * len(table.rows)
    for group, row in zip(groups, table.rows, strict=True):
        writer.writerow([spreadsheet_safe(c) for c in ([group] if grouped else []) + row])
    return response


def charts(matrix: Matrix) -> dict[str, Any]:
    """The report's charts, by the name of the table each one draws."""
    drawn: dict[str, Any] = {}
    bars = [(c.cycle.name, c.stories.total) for c in matrix.cycles if not c.stories.hidden]
    if any(total for _, total in bars):
        drawn["stories"] = bar_chart(bars, title="Stories per cycle", ident="chart-stories")
    for row in matrix.indicators:
        if row.is_quantitative and row.shown:
            drawn[f"trend-{row.indicator.pk}"] = line_chart(
                [(month_short(m.month), m.value) for m in row.series],
                title=f"{row.indicator.name}, month by month",
                ident=f"chart-trend-{row.indicator.pk}",
                unit=row.indicator.unit,
            )
    return drawn


def report(
    request: Request,
    scope: ReportScope,
    template: str,
    *,
    sees_small: bool,
    extra_tables: dict[str, Table] | None = None,
    **context: Any,
) -> HttpResponse:
    """A report page for `scope`, or one of its tables as CSV."""
    form = PeriodForm.of(request.GET)
    start, end = form.period()
    matrix = value_matrix(
        scope, period_start=start, period_end=end, viewer=request.user, sees_small_story_counts=sees_small
    )
    tables = report_tables(matrix) | (extra_tables or {})
    if request.GET.get("format") == "csv":
        table = tables.get(request.GET.get("table", ""))
        if table is None:
            raise Http404("No such table in this report.")
        name = slugify(f"value {scope.name} {table.name} {start:%Y-%m} to {end:%Y-%m}")[:120]
        return csv_response(table, f"{name}.csv")
    context |= {
        "form": form,
        "matrix": matrix,
        "tables": tables,
        "charts": charts(matrix),
        "period": period_words(start, end),
        "small_group": SMALL_GROUP,
    }
    return render(request, template, context)


@require_GET
def community_report(request: Request, slug: str) -> HttpResponse:
    community = get_community_report_for(request.user, slug)
    scope = ReportScope.of_community(community)
    sees_small = sees_small_story_counts(request.user, community)
    return report(
        request, scope, "valuecreation/reports_community.html", sees_small=sees_small, community=community
    )


@require_GET
def area_report(request: Request, slug: str) -> HttpResponse:
    area = get_area_report_for(request.user, slug)
    sees_small = sees_small_story_counts(request.user, None)
    return report(
        request,
        ReportScope.of_area(area, request.user),
        "valuecreation/reports_area.html",
        sees_small=sees_small,
        area=area,
    )


@require_GET
def organisation_report(request: Request) -> HttpResponse:
    require_organisation_report_reader(request.user)
    areas = ServiceArea.objects.order_by("name")
    template = "valuecreation/reports_organisation.html"
    return report(request, ReportScope.organisation(), template, sees_small=True, areas=areas)


@require_GET
def mine(request: Request) -> HttpResponse:
    """My value: the person's own stories whatever their status, the follow-ups of their aspirational ones, and
    their aspirations and uncertainties."""
    person = request.user
    stories = list(
        ValueStory.objects.filter(teller=person)
        .select_related("community", "follows")
        .prefetch_related("steps__cycle")
        .order_by("-created_at", "-pk")
    )
    hoping = [s for s in stories if s.is_aspirational]
    follow_ups = {s.follows_id: s for s in stories if s.follows_id}
    table = Table(
        "my-stories",
        "Your stories",
        ["Story", "Community", "Told", "Status", "Cycles"],
        [
            [
                story.title,
                story.community.name,
                f"{timezone.localtime(story.created_at):%d %B %Y}".lstrip("0"),
                story.get_status_display(),
                ", ".join(step.cycle.name for step in story.steps.all()),
            ]
            for story in stories
        ],
    )
    return report(
        request,
        ReportScope.of_person(person),
        "valuecreation/reports_mine.html",
        sees_small=True,
        extra_tables={table.name: table},
        stories=stories,
        hoping=[(s, follow_ups.get(s.pk)) for s in hoping],
    )
