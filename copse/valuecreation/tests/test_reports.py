"""Value reports: the matrix of a community, a service area, the organisation and a person, computed from raw rows;
consent and visibility of stories; the small-group threshold; CSV exports; pinned query counts; the period."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from copse.accounts.models import User
from copse.communities.models import Community, Role
from copse.testing import (
    PERSONAS,
    CommunityFactory,
    MembershipFactory,
    PersonasTestCase,
    ServiceAreaFactory,
    UserFactory,
)
from copse.valuecreation.models import (
    SMALL_GROUP,
    Aspiration,
    Audience,
    IndicatorAdoption,
    IndicatorDefinition,
    IndicatorObservation,
    Risk,
    Scope,
    StoryStatus,
    StoryStep,
    Uncertainty,
    ValueCycle,
    ValueStory,
)
from copse.valuecreation.reports import ReportScope, aggregates_by_mean, value_matrix
from copse.valuecreation.views.reports import spreadsheet_safe

START, END = date(2026, 1, 1), date(2026, 6, 30)
PERIOD = "?start=2026-01&end=2026-06"
READY = StoryStatus.READY


def moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def tell(
    community: Community,
    teller: User,
    steps: dict[str, str],
    *,
    title: str,
    status: str = READY,
    written_by: User | None = None,
    may_quote: bool = False,
    is_highlight: bool = False,
    audience: str = Audience.LEADS,
    told: date = date(2026, 2, 10),
    hopes: str = "",
    follows: ValueStory | None = None,
) -> ValueStory:
    """A story as rows: its steps' texts are "<title> at <cycle>" (or the text given after a "|")."""
    story = ValueStory.objects.create(
        community=community,
        teller=teller,
        written_by=written_by or teller,
        title=title,
        status=status,
        audience=audience,
        may_quote=may_quote,
        is_highlight=is_highlight,
        hopes=hopes,
        follows=follows,
    )
    confirmed = None if status == StoryStatus.AWAITING_TELLER else moment(told)
    ValueStory.objects.filter(pk=story.pk).update(created_at=moment(told), confirmed_at=confirmed)
    cycles = {c.key: c for c in ValueCycle.objects.all()}
    for key, valence in steps.items():
        valence, _, text = valence.partition("|")
        StoryStep.objects.create(
            story=story, cycle=cycles[key], valence=valence, text=text or f"{title} at {key}"
        )
    return story


def observe(
    indicator: IndicatorDefinition,
    community: Community | None,
    month: date,
    value: Any = None,
    *,
    people: int | None = None,
    text: str = "",
) -> IndicatorObservation:
    end = month.replace(day=28)
    return IndicatorObservation.objects.create(
        indicator=indicator,
        community=community,
        period_start=month,
        period_end=end,
        value=None if value is None else Decimal(str(value)),
        people=people,
        text=text,
    )


class ReportData(PersonasTestCase):
    """Three Finance communities and one in Estates, with indicators, observations and stories of every kind."""

    participation: ClassVar[IndicatorDefinition]
    help_answered: ClassVar[IndicatorDefinition]
    recognition: ClassVar[IndicatorDefinition]
    estates: ClassVar[Community]
    tellers: ClassVar[list[User]]
    stories: ClassVar[dict[str, ValueStory]]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        catalogue = {i.key: i for i in IndicatorDefinition.objects.filter(community=None)}
        cls.participation = catalogue["participation"]
        cls.help_answered = catalogue["help_answered"]
        cls.recognition = catalogue["recognition"]
        estates_area = ServiceAreaFactory(name="Estates", slug="estates")
        cls.estates = CommunityFactory(
            name="Estates Network", slug="estates-network", service_area=estates_area
        )
        fbp, sheets, private = cls.community, cls.open_community, cls.private_community
        for community, indicators in (
            (fbp, [cls.participation, cls.help_answered, cls.recognition]),
            (sheets, [cls.participation, cls.help_answered]),
            (private, [cls.participation]),
            (cls.estates, [cls.participation]),
        ):
            for indicator in indicators:
                IndicatorAdoption.objects.create(community=community, indicator=indicator)
        jan, feb, mar, apr = (date(2026, m, 1) for m in (1, 2, 3, 4))
        observe(cls.participation, fbp, jan, 10)
        observe(cls.participation, fbp, feb, 20)
        observe(cls.participation, fbp, mar, 7, people=3)  # a small group: left out
        observe(cls.participation, fbp, date(2025, 12, 1), 999)  # before the period
        observe(cls.participation, sheets, jan, 5)
        observe(cls.participation, sheets, feb, 1)
        observe(cls.participation, private, jan, 100)
        observe(cls.participation, cls.estates, jan, 1000)
        observe(cls.help_answered, fbp, jan, 80, people=10)
        observe(cls.help_answered, sheets, jan, 60, people=12)
        observe(cls.help_answered, fbp, feb, 50, people=2)  # a small group: left out
        observe(cls.recognition, fbp, apr, text="Shortlisted for the staff awards")

        cls.tellers = [UserFactory(name=f"Teller {n}") for n in range(5)]
        for teller in cls.tellers[:3]:
            MembershipFactory(community=fbp, person=teller)
        t4, t5, t6, t7, t8 = cls.tellers
        MembershipFactory(community=sheets, person=t7)
        MembershipFactory(community=sheets, person=t8)
        s: dict[str, ValueStory] = {}
        s["template"] = tell(
            fbp,
            cls.member,
            {"immediate": "positive", "potential": "positive", "applied": "null|-1 complaint, +2 thanks"},
            title='=HYPERLINK("http://evil.example") Budget template',
            may_quote=True,
            is_highlight=True,
            audience=Audience.COMMUNITY,
        )
        s["secret"] = tell(
            fbp,
            cls.core,
            {"immediate": "positive", "realised": "negative"},
            title="Secret words",
            is_highlight=True,
            audience=Audience.ORGANISATION,
        )
        s["leads"] = tell(
            fbp,
            cls.lead,
            {"immediate": "positive"},
            title="Leads only story",
            may_quote=True,
            is_highlight=True,
        )
        s["potential"] = tell(fbp, t4, {"potential": "positive"}, title="A new contact")
        s["transformative"] = tell(fbp, t5, {"transformative": "positive"}, title="Policy rewritten")
        s["unconfirmed"] = tell(
            fbp,
            t6,
            {"immediate": "positive"},
            title="Unconfirmed interview",
            status=StoryStatus.AWAITING_TELLER,
            written_by=cls.lead,
            may_quote=True,
            is_highlight=True,
            audience=Audience.ORGANISATION,
        )
        s["told"] = tell(
            fbp, t4, {"applied": "positive"}, title="Waiting for review", status=StoryStatus.TOLD
        )
        s["old"] = tell(fbp, cls.member, {"immediate": "positive"}, title="Last year", told=date(2025, 11, 3))
        s["sheets1"] = tell(sheets, t7, {"immediate": "positive"}, title="Pivot tables")
        s["sheets2"] = tell(sheets, t8, {"immediate": "negative"}, title="Macro trouble")
        s["hope"] = tell(
            fbp,
            cls.member,
            {"immediate": "positive"},
            title="Try the checklist",
            status=StoryStatus.TOLD,
            hopes="Use the year-end checklist with my team.",
        )
        s["follow"] = tell(
            fbp,
            cls.member,
            {"applied": "positive"},
            title="The checklist worked",
            status=StoryStatus.TOLD,
            follows=s["hope"],
        )
        cls.stories = s

        aspiration = Aspiration.objects.create(
            scope=Scope.COMMUNITY, community=fbp, title="Budgets signed off first time", conditions="Time"
        )
        Risk.objects.create(aspiration=aspiration, risk="Leads run out of time", mitigation="Share the load")
        Aspiration.objects.create(scope=Scope.AREA, area=cls.area, title="One finance voice")
        Aspiration.objects.create(scope=Scope.ORGANISATION, title="Everyone can join a community")
        Aspiration.objects.create(scope=Scope.PERSON, person=cls.member, title="Become a confident presenter")
        Aspiration.objects.create(scope=Scope.PERSON, person=cls.core, title="Core's private hope")
        Uncertainty.objects.create(scope=Scope.PERSON, person=cls.member, question="Would a mentor help?")
        # Written before the period, and held through it.
        Aspiration.objects.update(created_at=moment(date(2025, 12, 1)))
        Uncertainty.objects.update(created_at=moment(date(2025, 12, 1)))

    def matrix(self, scope: ReportScope, viewer: User | None = None, **kwargs: Any) -> Any:
        return value_matrix(
            scope, period_start=START, period_end=END, viewer=viewer or self.programme_admin, **kwargs
        )

    def page(self, persona: str, path: str) -> str:
        response = self.client_for(persona).get(path)
        assert response.status_code == 200, (persona, path, response.status_code)
        return response.content.decode()

    def csv_rows(self, persona: str, path: str, table: str) -> list[list[str]]:
        joiner = "&" if "?" in path else "?"
        response = self.client_for(persona).get(f"{path}{joiner}format=csv&table={table}")
        assert response.status_code == 200
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def cycle_row(matrix: Any, key: str) -> Any:
    return next(row for row in matrix.cycles if row.cycle.key == key)


def indicator_row(matrix: Any, indicator: IndicatorDefinition) -> Any:
    return next(row for row in matrix.indicators if row.indicator.pk == indicator.pk)


def values(row: Any) -> list[Decimal | None]:
    return [m.value for m in row.series]


class MatrixTests(ReportData):
    def test_rows_are_the_enabled_cycles_in_order(self) -> None:
        matrix = self.matrix(ReportScope.of_community(self.community))
        keys = [row.cycle.key for row in matrix.cycles]
        assert keys == list(ValueCycle.objects.enabled().values_list("key", flat=True))
        assert keys[0] == "immediate"

    def test_a_communitys_indicators_are_the_ones_it_adopted_month_by_month(self) -> None:
        matrix = self.matrix(ReportScope.of_community(self.community))
        assert {r.indicator.key for r in matrix.indicators} == {
            "participation",
            "help_answered",
            "recognition",
        }
        participation = indicator_row(matrix, self.participation)
        assert values(participation) == [Decimal(10), Decimal(20), None, None, None, None]
        assert participation.series[2].small_only  # March: drawn from 3 people
        assert participation.latest.value == 20 and participation.over_period == 30
        recognition = indicator_row(matrix, self.recognition)
        assert recognition.description == "Shortlisted for the staff awards"
        assert recognition.described_by == "Finance Business Partners"

    def test_an_area_adds_up_counts_and_averages_percentages_across_its_communities(self) -> None:
        matrix = self.matrix(ReportScope.of_area(self.area, self.programme_admin))
        assert matrix.communities == 3
        participation = indicator_row(matrix, self.participation)
        assert values(participation)[:3] == [Decimal(115), Decimal(21), None]
        assert participation.adopted_in == 3
        help_answered = indicator_row(matrix, self.help_answered)
        assert values(help_answered)[:2] == [Decimal(70), None]  # February's only figure is from 2 people
        assert help_answered.series[1].small_only
        assert aggregates_by_mean(self.help_answered) and not aggregates_by_mean(self.participation)

    def test_a_lead_who_is_not_in_the_areas_private_community_adds_up_only_the_others(self) -> None:
        other = UserFactory(email="olive@example.org", name="Olive Lead")
        MembershipFactory(community=self.open_community, person=other, role=Role.LEAD)
        matrix = self.matrix(ReportScope.of_area(self.area, other), other)
        assert matrix.communities == 2
        participation = indicator_row(matrix, self.participation)
        assert values(participation)[0] == Decimal(15)  # January without the private community's 100
        client = self.client_for("lead")
        client.force_login(other)
        page = client.get(f"/areas/{self.area.slug}/value/").content.decode()
        assert self.private_community.name not in page

    def test_the_organisation_report_leaves_out_indicators_nobody_looks_at(self) -> None:
        # A proposal's own indicator, never adopted or observed, is nobody's business in the organisation report.
        proposal = CommunityFactory(name="Not yet approved", status="proposed", service_area=self.area)
        unused = IndicatorDefinition.objects.create(
            community=proposal,
            name="Secret measure",
            cycle=ValueCycle.objects.get(key="applied"),
            description="x",
        )
        found = {
            i.indicator.pk for row in self.matrix(ReportScope.organisation()).cycles for i in row.indicators
        }
        assert unused.pk not in found and self.participation.pk in found

    def test_the_organisation_report_agrees_with_the_raw_rows(self) -> None:
        matrix = self.matrix(ReportScope.organisation())
        for row in matrix.indicators:
            if not row.is_quantitative:
                continue
            by_month: dict[date, list[Decimal]] = defaultdict(list)
            for observation in IndicatorObservation.objects.filter(indicator=row.indicator):
                in_period = START <= observation.period_start <= END
                big = observation.people is None or observation.people >= SMALL_GROUP
                if in_period and big and observation.value is not None:
                    by_month[observation.period_start.replace(day=1)].append(observation.value)
            expected = [
                None
                if not by_month[m]
                else (
                    sum(by_month[m]) / len(by_month[m])
                    if aggregates_by_mean(row.indicator)
                    else sum(by_month[m])
                )
                for m in matrix.months
            ]
            assert values(row) == expected, row.indicator.key
        assert values(indicator_row(matrix, self.participation))[0] == Decimal(1115)

    def test_stories_count_once_in_each_cycle_their_steps_reach(self) -> None:
        matrix = self.matrix(ReportScope.of_community(self.community))
        counts = {
            row.cycle.key: (row.stories.positive, row.stories.null, row.stories.negative)
            for row in matrix.cycles
        }
        assert counts == {
            "immediate": (3, 0, 0),  # the template, the secret and the leads' story
            "potential": (2, 0, 0),
            "applied": (0, 1, 0),  # the one waiting for review does not count
            "realised": (0, 0, 1),
            "transformative": (1, 0, 0),
        }
        assert matrix.stories_counted == 5 and matrix.tellers == 5

    def test_raw_story_rows_give_the_same_counts_for_the_organisation(self) -> None:
        matrix = self.matrix(ReportScope.organisation())
        expected: dict[tuple[int, str], int] = defaultdict(int)
        for step in StoryStep.objects.select_related("story"):
            story = step.story
            told = (story.confirmed_at or story.created_at).date()
            if story.status == READY and START <= told <= END:
                expected[(step.cycle_id, step.valence)] += 1
        for row in matrix.cycles:
            for valence in ("positive", "null", "negative"):
                assert row.stories.of(valence) == expected[(row.cycle.pk, valence)], (row.cycle.key, valence)

    def test_an_unconfirmed_story_written_on_someones_behalf_never_counts(self) -> None:
        for scope in (ReportScope.of_community(self.community), ReportScope.organisation()):
            matrix = self.matrix(scope)
            assert all(h.story.pk != self.stories["unconfirmed"].pk for h in matrix.highlights)
        teller = self.tellers[2]
        mine = self.matrix(ReportScope.of_person(teller), viewer=teller)
        assert sum(row.stories.total for row in mine.cycles) == 0

    def test_a_switched_off_cycle_is_left_out(self) -> None:
        ValueCycle.objects.filter(key="transformative").update(is_enabled=False)
        matrix = self.matrix(ReportScope.of_community(self.community))
        assert "transformative" not in [row.cycle.key for row in matrix.cycles]

    def test_highlights_are_quotable_and_visible_to_the_viewer(self) -> None:
        def quoted(viewer: User) -> set[str]:
            matrix = self.matrix(ReportScope.of_community(self.community), viewer=viewer)
            return {h.story.title for h in matrix.highlights}

        template = self.stories["template"].title
        assert quoted(self.member) == {template}  # not the leads' story, not the unquotable one
        assert quoted(self.lead) == {template, "Leads only story"}
        assert quoted(self.outsider) == set()  # the template's audience is the community

    def test_aspirations_of_the_scope_sit_beside_it(self) -> None:
        assert [a.title for a in self.matrix(ReportScope.of_community(self.community)).aspirations] == [
            "Budgets signed off first time"
        ]
        assert [
            a.title for a in self.matrix(ReportScope.of_area(self.area, self.programme_admin)).aspirations
        ] == ["One finance voice"]
        assert [a.title for a in self.matrix(ReportScope.organisation()).aspirations] == [
            "Everyone can join a community"
        ]
        mine = self.matrix(ReportScope.of_person(self.member), viewer=self.member)
        assert [a.title for a in mine.aspirations] == ["Become a confident presenter"]
        assert [u.question for u in mine.uncertainties] == ["Would a mentor help?"]

    def test_an_aspiration_set_aside_before_the_period_is_left_out(self) -> None:
        Aspiration.objects.filter(community=self.community).update(set_aside_at=moment(date(2025, 6, 1)))
        assert self.matrix(ReportScope.of_community(self.community)).aspirations == []


class SmallGroupTests(ReportData):
    def test_story_counts_from_fewer_than_five_tellers_are_for_leads_and_the_programme_team(self) -> None:
        path = f"/communities/{self.open_community.slug}/value/report/{PERIOD}"
        for persona in ("member", "outsider", "core"):
            html = self.page(persona, path)
            assert "Not shown: fewer than 5 people told stories" in html, persona
            assert self.csv_rows(persona, path, "stories")[1][1:] == ["fewer than 5 people"] * 4
        for persona in ("lead", "programme_admin"):
            html = self.page(persona, path)
            assert "1 positive, 0 no difference, 1 negative" in html, persona
            assert self.csv_rows(persona, path, "stories")[1][1:] == ["1", "0", "1", "2"]

    def test_five_tellers_are_shown_to_every_member(self) -> None:
        html = self.page("member", f"/communities/fbp/value/report/{PERIOD}")
        assert "3 positive, 0 no difference, 0 negative" in html
        assert "Not shown" not in html

    def test_a_figure_from_fewer_than_five_people_is_in_the_table_as_such_and_not_in_the_chart(self) -> None:
        path = f"/communities/fbp/value/report/{PERIOD}"
        html = self.page("lead", path)
        rows = self.csv_rows("lead", path, f"trend-{self.participation.pk}")
        assert rows[1:4] == [
            ["January 2026", "10"],
            ["February 2026", "20"],
            ["March 2026", "fewer than 5 people"],
        ]
        chart = html.split(f'id="chart-trend-{self.participation.pk}"')[1].split("</svg>")[0]
        assert chart.count("<circle") == 2
        assert "7" not in [cell for row in rows for cell in row]

    def test_the_page_says_the_rule_in_a_sentence(self) -> None:
        html = self.page("member", f"/communities/fbp/value/report/{PERIOD}")
        assert "figures drawn from fewer than 5 people are left out" in html


class ConsentTests(ReportData):
    PAGES = (
        ("member", "/communities/fbp/value/report/"),
        ("lead", "/communities/fbp/value/report/"),
        ("lead", "/areas/finance/value/"),
        ("programme_admin", "/areas/finance/value/"),
        ("programme_admin", "/value/reports/organisation/"),
    )

    def test_a_story_that_may_not_be_quoted_never_appears_as_text(self) -> None:
        for persona, path in self.PAGES:
            html = self.page(persona, path + PERIOD)
            assert "Secret words" not in html, (persona, path)
            csv_text = str(self.csv_rows(persona, path + PERIOD, "highlights"))
            assert "Secret words" not in csv_text

    def test_an_unconfirmed_story_never_appears(self) -> None:
        for persona, path in self.PAGES:
            assert "Unconfirmed interview" not in self.page(persona, path + PERIOD)

    def test_a_story_the_viewer_may_not_read_is_not_quoted(self) -> None:
        assert "Leads only story" not in self.page("member", f"/communities/fbp/value/report/{PERIOD}")
        assert "Leads only story" in self.page("lead", f"/communities/fbp/value/report/{PERIOD}")

    def test_a_quotable_highlight_is_quoted_with_its_tellers_name(self) -> None:
        html = self.page("member", f"/communities/fbp/value/report/{PERIOD}")
        assert "Budget template at immediate" in html and "Mo Member" in html
        assert (
            "&lt;" not in self.stories["template"].title
            and "=HYPERLINK(&#34;" in html
            or "=HYPERLINK(&quot;" in html
        )


class CsvTests(ReportData):
    def test_every_table_downloads_with_headers_and_a_safe_filename(self) -> None:
        client = self.client_for("lead")
        for table in ("matrix", "stories", f"trend-{self.participation.pk}", "aspirations", "highlights"):
            response = client.get(f"/communities/fbp/value/report/{PERIOD}&format=csv&table={table}")
            assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
            disposition = response["Content-Disposition"]
            assert disposition.startswith('attachment; filename="value-finance-business-partners-')
            assert disposition.endswith('-2026-01-to-2026-06.csv"')
        matrix = self.csv_rows("lead", f"/communities/fbp/value/report/{PERIOD}", "matrix")
        assert matrix[0] == [
            "Cycle",
            "Indicator or stories",
            "Latest",
            "Over the period",
            "How it is counted",
        ]
        assert matrix[1][:2] == ["Immediate value", "Help requests answered"]
        assert any(row[1] == "Stories" and row[2].startswith("3 positive") for row in matrix)

    def test_cells_that_look_like_formulas_are_quoted(self) -> None:
        rows = self.csv_rows("lead", f"/communities/fbp/value/report/{PERIOD}", "highlights")
        titles = [row[1] for row in rows[1:]]
        assert '\'=HYPERLINK("http://evil.example") Budget template' in titles
        texts = [row[4] for row in rows[1:]]
        assert "'-1 complaint, +2 thanks" in texts
        for cell in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx"):
            assert spreadsheet_safe(cell).startswith("'")
        assert spreadsheet_safe(Decimal("-3.00")) == "-3"
        assert spreadsheet_safe("Plain words") == "Plain words"

    def test_an_unknown_table_is_not_found(self) -> None:
        response = self.client_for("lead").get("/communities/fbp/value/report/?format=csv&table=nope")
        assert response.status_code == 404

    def test_my_stories_download_as_csv(self) -> None:
        rows = self.csv_rows("member", "/value/", "my-stories")
        assert rows[0] == ["Story", "Community", "Told", "Status", "Cycles"]
        assert {row[0] for row in rows[1:]} >= {"Last year", "Try the checklist"}


class PeriodTests(ReportData):
    def test_the_default_period_is_the_last_twelve_months(self) -> None:
        html = self.page("lead", "/communities/fbp/value/report/")
        today = timezone.localdate()
        assert f"{today:%B} {today.year}." in html

    def test_bad_months_get_a_message_beside_the_field_and_never_a_500(self) -> None:
        cases = {
            "?start=banana&end=2026-06": "Enter a month as its year and number",
            "?start=2026-13&end=2026-14": "A month is numbered from 01",
            "?start=2026-06&end=2026-01": "The last month must come after the first.",
            "?start=2010-01&end=2026-01": "five years at most",
            "?start=1066-10&end=2026-01": "Enter a year between 2000 and 2100.",
            "?start=2026-01": "Enter the last month",
            "?start=2026-1-5&end=2026-01": "Enter a month",
        }
        for path in (
            "/communities/fbp/value/report/",
            "/areas/finance/value/",
            "/value/reports/organisation/",
            "/value/",
        ):
            for query, message in cases.items():
                response = self.client_for("programme_admin").get(path + query)
                assert response.status_code == 200, (path, query)
                html = response.content.decode()
                assert message in html, (path, query)
                assert "error-message" in html and "There is a problem" in html
            # A null character is refused before any view, as everywhere.
            assert self.client_for("programme_admin").get(path + "?start=%00").status_code == 400

    def test_the_chosen_period_is_read(self) -> None:
        html = self.page("lead", "/communities/fbp/value/report/?start=2025-11&end=2025-12")
        assert "November 2025 to December 2025" in html
        rows = self.csv_rows(
            "lead",
            "/communities/fbp/value/report/?start=2025-11&end=2025-12",
            f"trend-{self.participation.pk}",
        )
        assert rows[1:] == [["November 2025", "No figure"], ["December 2025", "999"]]


class PageTests(ReportData):
    def test_who_reads_which_report(self) -> None:
        expect = {
            "/communities/fbp/value/report/": {"lead": 200, "core": 200, "member": 200, "outsider": 403},
            "/communities/budget-circle/value/report/": {
                "lead": 200,
                "core": 200,
                "member": 404,
                "outsider": 404,
            },
            "/communities/spreadsheets/value/report/": {"member": 200, "outsider": 200},
            "/communities/nowhere/value/report/": {"lead": 404},
            "/areas/finance/value/": {"lead": 200, "core": 403, "member": 403, "outsider": 403},
            "/areas/estates/value/": {"lead": 403, "programme_admin": 200},
            "/areas/nowhere/value/": {"programme_admin": 404},
            "/value/reports/organisation/": {
                "lead": 403,
                "member": 403,
                "programme_admin": 200,
                "operator": 200,
            },
            "/value/": dict.fromkeys(PERSONAS, 200),
        }
        for path, statuses in expect.items():
            for persona, status in statuses.items():
                assert self.client_for(persona).get(path).status_code == status, (path, persona)
            assert self.client_for(None).get(path).status_code == 302

    def test_a_lead_who_left_the_area_no_longer_reads_its_report(self) -> None:
        from copse.communities.models import Membership

        Membership.objects.filter(person=self.lead, role=Role.LEAD).update(left_at=timezone.now())
        assert self.client_for("lead").get("/areas/finance/value/").status_code == 403

    def test_every_figure_says_how_it_is_counted(self) -> None:
        html = self.page("lead", f"/areas/finance/value/{PERIOD}")
        assert "Added up (contributions) across communities, month by month" in html
        assert "The average across communities and the observations of each month" in html
        assert "a story counts once in each cycle it reaches" in html
        assert "Adopted by 3 communities" in html

    def test_the_community_report_shows_the_matrix_charts_and_tables(self) -> None:
        html = self.page("lead", f"/communities/fbp/value/report/{PERIOD}")
        assert 'role="img"' in html and "<caption>" in html
        assert "Budgets signed off first time" in html and "Leads run out of time" in html
        assert "Shortlisted for the staff awards" in html
        assert "Download this table (CSV)" in html
        assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart') == 3  # stories, 2 trends

    def test_my_value_shows_my_stories_whatever_their_status_and_nobody_elses(self) -> None:
        html = self.page("member", f"/value/{PERIOD}")
        for title in ("Last year", "Try the checklist", "The checklist worked"):
            assert title in html
        assert "Waiting for review" in html  # the status of the ones not yet reviewed
        assert "Secret words" not in html and "Core&#39;s private hope" not in html
        assert "Become a confident presenter" in html and "Would a mentor help?" in html
        assert "Use the year-end checklist with my team." in html
        assert 'href="/value/stories/new/"' in html and 'href="/value/aspirations/"' in html

    def test_my_value_lists_a_story_waiting_for_me_to_confirm(self) -> None:
        teller = self.tellers[2]
        client = self.client_for(None)
        client.force_login(teller)
        html = client.get("/value/").content.decode()
        assert "Unconfirmed interview" in html and "Waiting for you to confirm" in html
        assert "Written for you after an interview" in html


class QueryCountTests(ReportData):
    def count(self, persona: str, path: str) -> int:
        client = self.client_for(persona)
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        return len(queries)

    def grow(self) -> None:
        """Many more stories, observations and communities in the Finance area."""
        for n in range(6):
            community = CommunityFactory(name=f"More {n}", slug=f"more-{n}", service_area=self.area)
            MembershipFactory(community=community, person=self.lead, role=Role.LEAD)
            IndicatorAdoption.objects.create(community=community, indicator=self.participation)
            for month in range(1, 7):
                observe(self.participation, community, date(2026, month, 1), month * 3)
            for m in range(3):
                tell(
                    community,
                    self.tellers[m],
                    {"immediate": "positive", "applied": "null"},
                    title=f"More {n}.{m}",
                    may_quote=True,
                    is_highlight=True,
                    audience=Audience.ORGANISATION,
                )
        for n in range(8):
            tell(
                self.community,
                self.member,
                {"potential": "positive"},
                title=f"Again {n}",
                may_quote=True,
                is_highlight=True,
                audience=Audience.COMMUNITY,
            )
            observe(self.help_answered, self.community, date(2026, 3, 1), 40 + n, people=8)
            observe(self.recognition, self.community, date(2026, 5, 1), text=f"Mention {n}")
        Aspiration.objects.create(scope=Scope.COMMUNITY, community=self.community, title="Another hope")

    def test_report_pages_cost_the_same_queries_for_two_and_many_rows(self) -> None:
        pages = [
            ("member", f"/communities/fbp/value/report/{PERIOD}"),
            ("lead", f"/communities/fbp/value/report/{PERIOD}"),
            ("lead", f"/areas/finance/value/{PERIOD}"),
            ("programme_admin", f"/value/reports/organisation/{PERIOD}"),
            ("member", f"/value/{PERIOD}"),
        ]
        before = {page: self.count(*page) for page in pages}
        self.grow()
        after = {page: self.count(*page) for page in pages}
        assert after == before
        assert list(before.values()) == [EXPECTED_QUERIES[p[1].split("?")[0]] for p in pages], before


# Session, user, the header's switcher and unread count, then the report's own (the community and the viewer's
# role, the cycles, indicators, observations, descriptions, story totals, counts per cycle, highlights, aspirations
# and their risks, uncertainties; for an area or the organisation, how many communities, and the organisation's
# list of service areas), and My value's stories with their steps.
EXPECTED_QUERIES = {
    "/communities/fbp/value/report/": 15,
    "/areas/finance/value/": 17,
    "/value/reports/organisation/": 16,
    "/value/": 13,
}


class HighlightLimitTests(ReportData):
    def test_a_busy_cycle_does_not_crowd_out_the_others(self) -> None:
        for n in range(12):
            tell(
                self.community,
                self.member,
                {"immediate": "positive"},
                title=f"Busy {n}",
                may_quote=True,
                is_highlight=True,
                audience=Audience.COMMUNITY,
                told=date(2026, 5, 1),
            )
        tell(
            self.community,
            self.member,
            {"realised": "positive"},
            title="Quiet one",
            may_quote=True,
            is_highlight=True,
            audience=Audience.COMMUNITY,
            told=date(2026, 1, 1),
        )
        matrix = self.matrix(ReportScope.of_community(self.community), viewer=self.member)
        immediate = cycle_row(matrix, "immediate").highlights
        assert len(immediate) == 3 and all(h.story.title.startswith("Busy") for h in immediate)
        assert [h.story.title for h in cycle_row(matrix, "realised").highlights] == ["Quiet one"]


class LinksTests(ReportData):
    def test_the_organisation_report_leads_to_each_service_areas_for_the_same_period(self) -> None:
        html = self.page("programme_admin", f"/value/reports/organisation/{PERIOD}")
        assert 'href="/areas/estates/value/?start=2026-01&amp;end=2026-06"' in html

    def test_my_value_leads_to_my_communities_reports(self) -> None:
        html = self.page("member", "/value/")
        assert 'href="/communities/fbp/value/report/"' in html
        assert "/communities/budget-circle/value/report/" not in html

    def test_the_account_menu_has_my_value_and_for_the_programme_team_the_organisation_report(self) -> None:
        assert 'href="/value/reports/organisation/"' in self.page("programme_admin", "/value/how/")
        member = self.page("member", "/value/how/")
        assert 'href="/value/"' in member and 'href="/value/reports/organisation/"' not in member
