"""The value-creation matrix: for a period, each cycle the programme looks at, with the indicators (effect data)
and the stories (contribution data) that show value at that cycle, and the aspirations of the same scope beside
them. A report reads a community, a service area (its communities), the whole organisation, or one person.

How figures are counted, so that every page can say it in a sentence:
- An observation belongs to the month its period starts in. Across several observations of one month (several
  communities, or several periods), counts are added up and percentages, ratings and averages are averaged
  (`aggregates_by_mean`): adding up two communities' 80% makes no sense, adding up their attendance does.
- A figure drawn from fewer than SMALL_GROUP people is left out of every figure, sum or average, so nobody can be
  picked out, even by taking one community's figure from its service area's; a month with only such figures says
  "fewer than 5 people" in the table and has no point in the chart.
- A story counts when it is ready for reporting (`counted()`), so one written on behalf of someone counts only
  once they confirmed it; it counts once in each cycle its steps reach, with that step's valence, in the period it
  was confirmed in (or told in, before confirmation was recorded).
- Story counts drawn from fewer than SMALL_GROUP tellers are shown only to the community's leads and the programme
  team (`sees_small_story_counts`); others read "fewer than 5 people told stories".
- Highlights are quoted only when their teller said they may be, and only to people who may read the story.

The number of queries does not depend on how many stories, observations or communities there are: each part is one
query grouped in the database.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Avg, Count, DateField, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum, Window
from django.db.models.functions import Coalesce, RowNumber, TruncDate, TruncMonth
from django.utils import timezone

from copse.communities.models import UNAPPROVED, Community
from copse.core.charts import figure

from .models import (
    SMALL_GROUP,
    Aspiration,
    IndicatorDefinition,
    IndicatorObservation,
    Risk,
    Scope,
    StoryStep,
    Uncertainty,
    Valence,
    ValueCycle,
    ValueStory,
)
from .models.stories import CONFIRMED
from .months import add_months, month_end, months_between

if TYPE_CHECKING:
    from copse.accounts.models import ServiceArea, User

# How many highlighted stories a cycle quotes.
HIGHLIGHTS_PER_CYCLE = 3
VALENCES = (Valence.POSITIVE, Valence.NULL, Valence.NEGATIVE)


@dataclass(frozen=True)
class ReportScope:
    """Whose value a report reads: one of a community, a service area, the organisation or a person."""

    kind: Scope
    community: Community | None = None
    area: ServiceArea | None = None
    person: User | None = None
    # Who reads a service area's report: its private communities count only for their own members (and the
    # programme team), so a lead of another community in the area learns nothing of them.
    viewer: User | None = None

    @classmethod
    def of_community(cls, community: Community) -> ReportScope:
        return cls(Scope.COMMUNITY, community=community)

    @classmethod
    def of_area(cls, area: ServiceArea, viewer: User) -> ReportScope:
        return cls(Scope.AREA, area=area, viewer=viewer)

    @classmethod
    def organisation(cls) -> ReportScope:
        return cls(Scope.ORGANISATION)

    @classmethod
    def of_person(cls, person: User) -> ReportScope:
        return cls(Scope.PERSON, person=person)

    @property
    def name(self) -> str:
        if self.community is not None:
            return self.community.name
        if self.area is not None:
            return self.area.name
        if self.person is not None:
            return self.person.display_name
        return "the organisation"

    def communities(self) -> QuerySet[Community]:
        """The communities whose figures the report adds up (a subquery, never fetched on its own)."""
        established = Community.objects.exclude(status__in=UNAPPROVED)
        if self.community is not None:
            return established.filter(pk=self.community.pk)
        if self.area is not None:
            seen = (
                Community.objects.visible_to(self.viewer) if self.viewer is not None else established.none()
            )
            return established.filter(service_area=self.area, pk__in=seen.values("pk"))
        if self.person is not None:
            return established.none()
        return established

    def aspiration_filter(self) -> Q:
        return Q(
            scope=self.kind,
            community=self.community,
            area=self.area,
            person=self.person,
        )


def aggregates_by_mean(indicator: IndicatorDefinition) -> bool:
    """Percentages, ratings and averages are averaged across communities and periods; counts are added up."""
    unit = indicator.unit.lower()
    return unit == "%" or "average" in unit or "out of" in unit or "rating" in unit


def how_counted(indicator: IndicatorDefinition, scope: ReportScope) -> str:
    """The sentence beside an indicator's figures."""
    if indicator.measure == IndicatorDefinition.Measure.QUALITATIVE:
        return "Described in words by the community; the latest description is shown."
    several = scope.kind in (Scope.AREA, Scope.ORGANISATION)
    words = indicator.unit.removeprefix("average ")
    unit = f" ({words})" if words and words != "%" else ""
    if aggregates_by_mean(indicator):
        across = " across communities and" if several else " across"
        return f"The average{unit}{across} the observations of each month. {indicator.get_source_display()}."
    across = " across communities" if several else ""
    return f"Added up{unit}{across}, month by month. {indicator.get_source_display()}."


@dataclass
class MonthFigure:
    month: date
    value: Decimal | None  # None: nothing observed, or only from small groups
    small_only: bool = False  # observed, but only from fewer than SMALL_GROUP people


@dataclass
class IndicatorRow:
    indicator: IndicatorDefinition
    adopted_in: int
    how: str
    series: list[MonthFigure] = field(default_factory=list)
    description: str = ""  # the latest description, for one described in words
    described_by: str = ""  # the community that wrote it

    @property
    def is_quantitative(self) -> bool:
        return self.indicator.measure == IndicatorDefinition.Measure.QUANTITATIVE

    @property
    def shown(self) -> list[MonthFigure]:
        return [m for m in self.series if m.value is not None]

    @property
    def latest(self) -> MonthFigure | None:
        shown = self.shown
        return shown[-1] if shown else None

    @property
    def over_period(self) -> Decimal | None:
        """All the period's shown figures, added up or averaged as the months are."""
        values = [m.value for m in self.shown if m.value is not None]
        if not values:
            return None
        if aggregates_by_mean(self.indicator):
            return sum(values, Decimal(0)) / len(values)
        return sum(values, Decimal(0))

    @property
    def has_small_groups(self) -> bool:
        return any(m.small_only for m in self.series)


@dataclass
class StoryCounts:
    positive: int = 0
    null: int = 0
    negative: int = 0
    hidden: bool = False  # fewer than SMALL_GROUP tellers, and the viewer is not a lead or the programme team

    @property
    def total(self) -> int:
        return self.positive + self.null + self.negative

    def of(self, valence: str) -> int:
        return {Valence.POSITIVE: self.positive, Valence.NULL: self.null, Valence.NEGATIVE: self.negative}[
            Valence(valence)
        ]


@dataclass
class Highlight:
    story: ValueStory
    step: StoryStep

    @property
    def teller_name(self) -> str:
        return self.story.teller.display_name


@dataclass
class CycleRow:
    cycle: ValueCycle
    indicators: list[IndicatorRow] = field(default_factory=list)
    stories: StoryCounts = field(default_factory=StoryCounts)
    highlights: list[Highlight] = field(default_factory=list)


@dataclass
class Matrix:
    scope: ReportScope
    period_start: date
    period_end: date
    months: list[date]
    cycles: list[CycleRow]
    aspirations: list[Aspiration]
    uncertainties: list[Uncertainty]
    tellers: int  # distinct tellers of the counted stories
    stories_counted: int  # distinct counted stories
    stories_hidden: bool
    communities: int  # how many communities the report adds up

    @property
    def indicators(self) -> list[IndicatorRow]:
        return [row for cycle in self.cycles for row in cycle.indicators]

    @property
    def highlights(self) -> list[Highlight]:
        return [h for cycle in self.cycles for h in cycle.highlights]


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last 12 months, this one included."""
    today = today or timezone.localdate()
    return add_months(today.replace(day=1), -11), month_end(today)


def _stories_in(scope: ReportScope, start: date, end: date) -> QuerySet[ValueStory]:
    """The stories a report counts: ready for reporting (confirmed by their teller, reviewed), in the period; for
    a person, their own stories confirmed by them, whatever their review."""
    when = Coalesce(TruncDate("confirmed_at"), TruncDate("created_at"), output_field=DateField())
    if scope.person is not None:
        stories = ValueStory.objects.filter(teller=scope.person, status__in=CONFIRMED)
    else:
        stories = ValueStory.objects.counted().filter(community__in=scope.communities())
    return stories.alias(told_on=when).filter(told_on__gte=start, told_on__lte=end)


def _indicators(scope: ReportScope, cycles: list[ValueCycle]) -> list[IndicatorDefinition]:
    """The indicators the scope's communities adopted (and, for the organisation, those it observes itself), each
    with how many of the communities adopted it."""
    if scope.person is not None:
        return []
    communities = scope.communities()
    adopted = Q(adoptions__community__in=communities)
    if scope.kind == Scope.ORGANISATION:
        own = IndicatorObservation.objects.filter(indicator=OuterRef("pk"), community__isnull=True)
        adopted |= Q(Exists(own))
    return list(
        IndicatorDefinition.objects.filter(adopted, cycle__in=cycles)
        .annotate(
            adopted_in=Count(
                "adoptions__community", filter=Q(adoptions__community__in=communities), distinct=True
            )
        )
        .select_related("cycle")
        .order_by("cycle__position", "name")
    )


def _observed_in(scope: ReportScope) -> Q:
    communities = Q(community__in=scope.communities())
    if scope.kind == Scope.ORGANISATION:
        communities |= Q(community__isnull=True)
    return communities


def _series(
    scope: ReportScope, indicators: list[IndicatorDefinition], start: date, end: date, months: list[date]
) -> dict[int, list[MonthFigure]]:
    """Each quantitative indicator's figure for each month: one grouped query for all of them."""
    numeric = [i for i in indicators if i.measure == IndicatorDefinition.Measure.QUANTITATIVE]
    # (indicator, month): how many figures are shown, their sum and their mean
    by_month: dict[tuple[int, date], tuple[int, Any, Any]] = {}
    if numeric:
        big_enough = Q(people__isnull=True) | Q(people__gte=SMALL_GROUP)
        rows = (
            IndicatorObservation.objects.filter(
                _observed_in(scope),
                indicator__in=numeric,
                period_start__gte=start,
                period_start__lte=end,
                value__isnull=False,
            )
            .annotate(month=TruncMonth("period_start", output_field=DateField()))
            .values("indicator", "month")
            .annotate(
                total=Sum("value", filter=big_enough),
                mean=Avg("value", filter=big_enough),
                shown=Count("pk", filter=big_enough),
            )
            .order_by()
        )
        for row in rows:
            month = row["month"]
            if not isinstance(month, date):  # pragma: no cover (SQLite hands back a string on some versions)
                month = date.fromisoformat(str(month)[:10])
            by_month[(int(row["indicator"]), month)] = (row["shown"], row["total"], row["mean"])
    result: dict[int, list[MonthFigure]] = {}
    for indicator in numeric:
        mean = aggregates_by_mean(indicator)
        series = []
        for month in months:
            found = by_month.get((indicator.pk, month))
            if found is None:
                series.append(MonthFigure(month, None))
            elif not found[0]:
                series.append(MonthFigure(month, None, small_only=True))
            else:
                value = found[2] if mean else found[1]
                series.append(MonthFigure(month, Decimal(str(value)).quantize(Decimal("0.01"))))
        result[indicator.pk] = series
    return result


def _descriptions(
    scope: ReportScope, indicators: list[IndicatorDefinition], start: date, end: date
) -> dict[int, tuple[str, str]]:
    """The latest description of each indicator described in words, with who wrote it: one query."""
    words = [i for i in indicators if i.measure == IndicatorDefinition.Measure.QUALITATIVE]
    if not words:
        return {}
    rows = (
        IndicatorObservation.objects.filter(
            _observed_in(scope),
            Q(people__isnull=True) | Q(people__gte=SMALL_GROUP),
            indicator__in=words,
            period_start__gte=start,
            period_start__lte=end,
        )
        .exclude(text="")
        .values_list("indicator", "text", "community__name")
        .order_by("indicator", "-period_end", "-pk")
    )
    latest: dict[int, tuple[str, str]] = {}
    for indicator, text, community in rows:
        latest.setdefault(indicator, (text, community or "The organisation"))
    return latest


def _story_counts(stories: QuerySet[ValueStory], cycles: list[ValueCycle]) -> dict[int, StoryCounts]:
    """Stories per cycle and valence: a story counts once in each cycle its steps reach."""
    counts: dict[int, StoryCounts] = defaultdict(StoryCounts)
    rows = (
        StoryStep.objects.filter(story__in=stories, cycle__in=cycles)
        .values("cycle", "valence")
        .annotate(n=Count("story", distinct=True))
        .order_by()
    )
    for row in rows:
        setattr(counts[row["cycle"]], str(row["valence"]), row["n"])
    return counts


def _highlights(
    stories: QuerySet[ValueStory], cycles: list[ValueCycle], viewer: User
) -> dict[int, list[Highlight]]:
    """Each cycle's highlighted stories that their tellers let reports quote and the viewer may read."""
    quotable = stories.filter(is_highlight=True, may_quote=True).filter(
        pk__in=ValueStory.objects.visible_to(viewer).values("pk")
    )
    # The newest few of each cycle, ranked in the database so one busy cycle cannot crowd out the others.
    rank = Window(
        RowNumber(),
        partition_by=[F("cycle")],
        order_by=[F("story__confirmed_at").desc(nulls_last=True), F("story__pk").desc()],
    )
    steps = (
        StoryStep.objects.filter(story__in=quotable, cycle__in=cycles)
        .annotate(rank=rank)
        .filter(rank__lte=HIGHLIGHTS_PER_CYCLE)
        .select_related("story__teller", "story__community")
        .order_by("cycle__position", "rank")
    )
    by_cycle: dict[int, list[Highlight]] = defaultdict(list)
    for step in steps:
        by_cycle[step.cycle_id].append(Highlight(step.story, step))
    return by_cycle


def value_matrix(
    scope: ReportScope,
    *,
    period_start: date,
    period_end: date,
    viewer: User,
    sees_small_story_counts: bool = False,
) -> Matrix:
    """The matrix of `scope` for the months from `period_start` to `period_end`, as `viewer` may read it.
    `sees_small_story_counts`: the viewer may see story counts drawn from fewer than SMALL_GROUP tellers (the
    community's leads and the programme team; a person always sees their own)."""
    cycles = list(ValueCycle.objects.enabled())
    months = months_between(period_start, period_end)
    indicators = _indicators(scope, cycles)
    series = _series(scope, indicators, period_start, period_end, months)
    descriptions = _descriptions(scope, indicators, period_start, period_end)
    stories = _stories_in(scope, period_start, period_end)
    totals = stories.aggregate(tellers=Count("teller", distinct=True), stories=Count("pk", distinct=True))
    tellers = totals["tellers"] or 0
    hidden = scope.person is None and 0 < tellers < SMALL_GROUP and not sees_small_story_counts
    counts = _story_counts(stories, cycles)
    highlights = {} if scope.person is not None else _highlights(stories, cycles, viewer)

    rows = {cycle.pk: CycleRow(cycle) for cycle in cycles}
    for indicator in indicators:
        text, by = descriptions.get(indicator.pk, ("", ""))
        rows[indicator.cycle_id].indicators.append(
            IndicatorRow(
                indicator,
                adopted_in=getattr(indicator, "adopted_in", 0),
                how=how_counted(indicator, scope),
                series=series.get(indicator.pk, []),
                description=text,
                described_by=by,
            )
        )
    for cycle_id, row in rows.items():
        row.stories = counts.get(cycle_id, StoryCounts())
        row.stories.hidden = hidden
        row.highlights = highlights.get(cycle_id, [])

    held = Q(created_at__date__lte=period_end)
    aspirations = list(
        Aspiration.objects.filter(scope.aspiration_filter(), held)
        .filter(Q(set_aside_at__isnull=True) | Q(set_aside_at__date__gte=period_start))
        .prefetch_related(Prefetch("risks", queryset=Risk.objects.order_by("position", "pk")))
    )
    uncertainties = list(
        Uncertainty.objects.filter(scope.aspiration_filter(), held).filter(
            Q(resolved_at__isnull=True) | Q(resolved_at__date__gte=period_start)
        )
    )
    return Matrix(
        scope=scope,
        period_start=period_start,
        period_end=period_end,
        months=months,
        cycles=list(rows.values()),
        aspirations=aspirations,
        uncertainties=uncertainties,
        tellers=tellers,
        stories_counted=totals["stories"] or 0,
        stories_hidden=hidden,
        communities=scope.communities().count() if scope.kind in (Scope.AREA, Scope.ORGANISATION) else 1,
    )


# The report's tables: each shown on the page (beside its chart, where it has one) and exported as CSV, from the
# same rows, so a download never says more or less than the page.

Cell = str | int | Decimal


@dataclass
class Table:
    name: str  # in the address of its CSV: ?format=csv&table=<name>
    caption: str
    headers: list[str]
    rows: list[list[Cell]]
    # Rows grouped under a heading (the matrix's cycles): the group of each row, in the same order; the CSV gets
    # it as a first column headed `group_header`.
    groups: list[str] = field(default_factory=list)
    group_header: str = ""

    def grouped(self) -> list[tuple[str, list[list[Cell]]]]:
        if not self.groups:
            return [("", self.rows)]
        result: list[tuple[str, list[list[Cell]]]] = []
        for group, row in zip(self.groups, self.rows, strict=True):
            if not result or result[-1][0] != group:
                result.append((group, []))
            result[-1][1].append(row)
        return result


FEWER = f"fewer than {SMALL_GROUP} people"


def month_name(month: date) -> str:
    return f"{month:%B} {month.year}"


def month_short(month: date) -> str:
    return f"{month:%b} {month.year}"


def period_words(start: date, end: date) -> str:
    return f"{month_name(start)} to {month_name(end)}"


def with_unit(value: Decimal, unit: str) -> str:
    """A figure with its unit: "80%", "42 people", "4.1 out of 5" (for a unit "average out of 5")."""
    if unit == "%":
        return figure(value, unit)
    return f"{figure(value)} {unit.removeprefix('average ')}".strip()


def _latest_words(row: IndicatorRow) -> str:
    if not row.is_quantitative:
        return row.description or "Nothing described in this period"
    latest = row.latest
    if latest is None or latest.value is None:
        return FEWER if row.has_small_groups else "No figures in this period"
    return f"{with_unit(latest.value, row.indicator.unit)} in {month_name(latest.month)}"


def _over_period_words(row: IndicatorRow) -> str:
    """How the figure moved: from the period's first shown month to its latest."""
    if not row.is_quantitative:
        return f"Described by {row.described_by}" if row.described_by else ""
    shown = row.shown
    if not shown:
        return "Nothing to compare"
    unit = row.indicator.unit
    first, last = shown[0], shown[-1]
    if first is last or first.value is None or last.value is None:
        return "One month with a figure"
    return (
        f"From {with_unit(first.value, unit)} in {month_name(first.month)} "
        f"to {with_unit(last.value, unit)} in {month_name(last.month)}"
    )


def story_words(counts: StoryCounts) -> str:
    if counts.hidden:
        return f"Not shown: {FEWER} told stories"
    if not counts.total:
        return "No stories in this period"
    return f"{counts.positive} positive, {counts.null} no difference, {counts.negative} negative"


STORIES_HOW = (
    "Stories ready for reporting whose steps reach this cycle; a story counts once in each cycle it reaches."
)


def matrix_table(matrix: Matrix) -> Table:
    rows: list[list[Cell]] = []
    groups: list[str] = []
    for cycle in matrix.cycles:
        for row in cycle.indicators:
            rows.append([row.indicator.name, _latest_words(row), _over_period_words(row), row.how])
            groups.append(cycle.cycle.name)
        how = STORIES_HOW if matrix.scope.person is None else "Your stories whose steps reach this cycle."
        rows.append(["Stories", story_words(cycle.stories), f"{len(cycle.highlights)} quoted below", how])
        groups.append(cycle.cycle.name)
    return Table(
        "matrix",
        f"The value-creation matrix, {period_words(matrix.period_start, matrix.period_end)}",
        ["Indicator or stories", "Latest", "Over the period", "How it is counted"],
        rows,
        groups=groups,
        group_header="Cycle",
    )


def stories_table(matrix: Matrix) -> Table:
    rows: list[list[Cell]] = []
    for cycle in matrix.cycles:
        counts = cycle.stories
        if counts.hidden:
            rows.append([cycle.cycle.name, FEWER, FEWER, FEWER, FEWER])
        else:
            rows.append([cycle.cycle.name, counts.positive, counts.null, counts.negative, counts.total])
    return Table(
        "stories",
        f"Stories per cycle, by whether the difference was positive, none or negative, "
        f"{period_words(matrix.period_start, matrix.period_end)}",
        ["Cycle", "Positive", "No difference", "Negative", "All"],
        rows,
    )


def trend_table(row: IndicatorRow, matrix: Matrix) -> Table:
    unit = row.indicator.unit
    header = "Average" if aggregates_by_mean(row.indicator) else "Figure"
    cells: list[list[Cell]] = []
    for month in row.series:
        if month.value is not None:
            cells.append([month_name(month.month), month.value])
        else:
            cells.append([month_name(month.month), FEWER if month.small_only else "No figure"])
    return Table(
        f"trend-{row.indicator.pk}",
        f"{row.indicator.name}, month by month",
        ["Month", f"{header} ({unit})" if unit else header],
        cells,
    )


def aspirations_table(matrix: Matrix) -> Table:
    rows: list[list[Cell]] = []
    for aspiration in matrix.aspirations:
        risks = "; ".join(
            f"{risk.risk} ({risk.mitigation})" if risk.mitigation else risk.risk
            for risk in aspiration.risks.all()
        )
        rows.append([aspiration.title, aspiration.conditions, risks])
    return Table(
        "aspirations",
        f"Aspirations of {matrix.scope.name}",
        ["Aspiration", "Conditions it needs", "Risks, and what is done about them"],
        rows,
    )


def highlights_table(matrix: Matrix) -> Table:
    rows: list[list[Cell]] = [
        [cycle.cycle.name, h.story.title, h.teller_name, h.story.community.name, h.step.text]
        for cycle in matrix.cycles
        for h in cycle.highlights
    ]
    return Table(
        "highlights",
        "Highlighted stories their tellers let us quote",
        ["Cycle", "Story", "Told by", "Community", "What happened"],
        rows,
    )


def report_tables(matrix: Matrix) -> dict[str, Table]:
    """Every table of a report, by name."""
    tables = [matrix_table(matrix), stories_table(matrix)]
    tables += [trend_table(row, matrix) for row in matrix.indicators if row.is_quantitative]
    tables += [aspirations_table(matrix)]
    if matrix.scope.person is None:
        tables.append(highlights_table(matrix))
    return {table.name: table for table in tables}
