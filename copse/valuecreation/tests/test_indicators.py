"""Indicators: a community adopts them from the catalogue or defines its own, sets targets, and its leads record
what they observed; who reads and changes them; bad input; the pages' query counts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from copse.core.refusals import Kind, Refused
from copse.testing import PERSONAS, PersonasTestCase
from copse.valuecreation.models import (
    Capital,
    IndicatorAdoption,
    IndicatorDefinition,
    IndicatorObservation,
    ValueCycle,
)
from copse.valuecreation.permissions import can_view_observation
from copse.valuecreation.services.indicators import (
    adopt_indicator,
    define_indicator,
    record_observation,
    record_organisation_observation,
    set_target,
    stop_looking_at,
)


def catalogue(key: str) -> IndicatorDefinition:
    return IndicatorDefinition.objects.select_related("cycle").get(key=key, community=None)


def month(months_ago: int) -> tuple[date, date]:
    """The first and last day of a month before this one."""
    first = timezone.localdate().replace(day=1)
    for _ in range(months_ago):
        first = (first - timedelta(days=1)).replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first, last


class AdoptionServiceTests(PersonasTestCase):
    def test_a_community_adopts_a_catalogue_indicator_once_with_a_target(self) -> None:
        adoption = adopt_indicator(
            self.community, catalogue("time_saved"), by=self.lead, target="100 hours a year"
        )
        assert adoption.target == "100 hours a year" and adoption.adopted_by == self.lead
        with pytest.raises(Refused) as refused:
            adopt_indicator(self.community, catalogue("time_saved"), by=self.lead)
        assert refused.value.kind == Kind.CONFLICT
        set_target(adoption, target="")
        assert IndicatorAdoption.objects.get().target == ""

    def test_another_communitys_indicator_or_a_switched_off_cycle_cannot_be_adopted(self) -> None:
        theirs = define_indicator(
            self.private_community,
            by=self.lead,
            name="Circle meetings held",
            cycle=ValueCycle.objects.get(key="immediate"),
            description="Meetings of the circle.",
        ).indicator
        with pytest.raises(Refused) as refused:
            adopt_indicator(self.community, theirs, by=self.lead)
        assert refused.value.kind == Kind.NOT_FOUND
        with pytest.raises(Refused) as refused:
            adopt_indicator(self.community, catalogue("finding_people"), by=self.lead)  # orienting is off
        assert refused.value.kind == Kind.CONFLICT
        assert not IndicatorAdoption.objects.filter(community=self.community).exists()

    def test_stopping_keeps_what_was_observed(self) -> None:
        adoption = adopt_indicator(self.community, catalogue("time_saved"), by=self.lead)
        start, end = month(1)
        record_observation(
            self.community,
            adoption.indicator,
            by=self.lead,
            period_start=start,
            period_end=end,
            value=Decimal(3),
        )
        stop_looking_at(adoption)
        assert not IndicatorAdoption.objects.exists() and IndicatorObservation.objects.count() == 1


class DefineIndicatorTests(PersonasTestCase):
    def define(self, **changes: object) -> IndicatorAdoption:
        given: dict[str, object] = {
            "name": "Templates downloaded",
            "cycle": ValueCycle.objects.get(key="potential"),
            "capital": Capital.TANGIBLE,
            "description": "Downloads of the community's templates.",
            "measure": IndicatorDefinition.Measure.QUANTITATIVE,
            "unit": "downloads",
            "source": IndicatorDefinition.Source.ORGANISATIONAL,
            "better": IndicatorDefinition.Better.HIGHER,
            **changes,
        }
        return define_indicator(self.community, by=self.lead, **given)  # type: ignore[arg-type]

    def test_defining_an_indicator_adopts_it(self) -> None:
        adoption = self.define(target="500 a term")
        indicator = adoption.indicator
        assert indicator.community == self.community and indicator.capital == Capital.TANGIBLE
        assert adoption.community == self.community and adoption.target == "500 a term"
        assert not indicator.in_catalogue and indicator.created_by == self.lead

    def test_a_form_of_capital_belongs_to_potential_value_alone(self) -> None:
        with pytest.raises(Refused) as refused:
            self.define(cycle=ValueCycle.objects.get(key="applied"))
        assert refused.value.field == "capital"
        assert self.define(cycle=ValueCycle.objects.get(key="applied"), capital="").indicator.capital == ""

    def test_bad_definitions_are_refused_beside_their_field_and_write_nothing(self) -> None:
        cases = [
            ({"name": ""}, "name"),
            ({"name": "Level of participation"}, "name"),  # the catalogue's
            ({"name": "LEVEL  of participation"}, "name"),
            ({"description": ""}, "description"),
            ({"source": IndicatorDefinition.Source.PLATFORM}, "source"),
            ({"source": "guesswork"}, "source"),
            ({"measure": "vibes"}, "measure"),
            ({"better": "sideways"}, "better"),
            ({"capital": "financial"}, "capital"),
            ({"cycle": ValueCycle.objects.get(key="strategic"), "capital": ""}, "cycle"),  # switched off
            ({"unit": "x" * 41}, "unit"),
        ]
        for changes, field in cases:
            with pytest.raises(Refused) as refused:
                self.define(**changes)
            assert refused.value.field == field, changes
        assert not IndicatorDefinition.objects.filter(community=self.community).exists()
        assert not IndicatorAdoption.objects.exists()

    def test_a_qualitative_indicator_has_no_unit_or_direction(self) -> None:
        indicator = self.define(
            name="How sponsors speak of us", measure=IndicatorDefinition.Measure.QUALITATIVE, capital=""
        ).indicator
        assert (indicator.unit, indicator.better) == ("", IndicatorDefinition.Better.NEITHER)


class ObservationServiceTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.hours = adopt_indicator(cls.community, catalogue("time_saved"), by=cls.lead).indicator
        cls.policy = adopt_indicator(cls.community, catalogue("policy_changes"), by=cls.lead).indicator

    def test_a_lead_records_a_figure_with_evidence(self) -> None:
        start, end = month(2)
        observation = record_observation(
            self.community,
            self.hours,
            by=self.lead,
            period_start=start,
            period_end=end,
            value=Decimal("12.5"),
            text="Mostly from the new month-end checklist.",
            evidence="https://sharepoint.example.org/checklist\n\n  https://example.org/minutes  ",
            people=14,
        )
        assert observation.value == Decimal("12.50") and observation.people == 14
        assert observation.evidence == "https://sharepoint.example.org/checklist\nhttps://example.org/minutes"
        assert (
            observation.source == IndicatorObservation.Source.MANUAL and observation.recorded_by == self.lead
        )

    def test_a_qualitative_observation_is_words(self) -> None:
        start, end = month(1)
        observation = record_observation(
            self.community,
            self.policy,
            by=self.lead,
            period_start=start,
            period_end=end,
            text="The new policy.",
        )
        assert observation.value is None and observation.text == "The new policy."

    def test_bad_observations_are_refused_and_write_nothing(self) -> None:
        start, end = month(1)
        today = timezone.localdate()
        cases = [
            (
                {"indicator": self.hours, "period_end": start - timedelta(days=1), "value": Decimal(1)},
                "period_end",
            ),
            (
                {"indicator": self.hours, "period_end": today + timedelta(days=1), "value": Decimal(1)},
                "period_end",
            ),
            ({"indicator": self.hours}, "value"),  # a number with no figure
            ({"indicator": self.hours, "value": Decimal("1e15")}, "value"),
            ({"indicator": self.policy, "value": Decimal(1), "text": "x"}, "value"),
            ({"indicator": self.policy, "text": "  "}, "text"),
            ({"indicator": self.hours, "value": Decimal(1), "evidence": "not a web address"}, "evidence"),
            ({"indicator": self.hours, "value": Decimal(1), "evidence": "javascript:alert(1)"}, "evidence"),
            ({"indicator": self.hours, "value": Decimal(1), "people": -1}, "people"),
        ]
        for given, field in cases:
            values: dict[str, object] = {"period_start": start, "period_end": end, **given}
            with pytest.raises(Refused) as refused:
                record_observation(self.community, by=self.lead, **values)  # type: ignore[arg-type]
            assert refused.value.field == field, given
        assert not IndicatorObservation.objects.exists()

    def test_an_indicator_the_community_does_not_look_at_is_refused(self) -> None:
        start, end = month(1)
        for community, indicator in (
            (self.open_community, self.hours),  # not adopted there
            (self.community, catalogue("tool_reuse")),  # not adopted here
        ):
            with pytest.raises(Refused) as refused:
                record_observation(
                    community, indicator, by=self.lead, period_start=start, period_end=end, value=Decimal(1)
                )
            assert refused.value.kind == Kind.NOT_FOUND
        assert not IndicatorObservation.objects.exists()

    def test_copse_counts_its_platform_indicators_itself(self) -> None:
        participation = adopt_indicator(self.community, catalogue("participation"), by=self.lead).indicator
        start, end = month(1)
        with pytest.raises(Refused):
            record_observation(
                self.community,
                participation,
                by=self.lead,
                period_start=start,
                period_end=end,
                value=Decimal(9),
            )


class ObservationVisibilityTests(PersonasTestCase):
    def test_the_predicate_and_the_queryset_agree_for_everyone(self) -> None:
        start, end = month(1)
        indicator = catalogue("time_saved")
        for community in (self.community, self.open_community, self.private_community):
            adopt_indicator(community, indicator, by=self.lead)
            record_observation(
                community, indicator, by=self.lead, period_start=start, period_end=end, value=Decimal(2)
            )
        IndicatorObservation.objects.create(indicator=indicator, period_start=start, period_end=end, value=5)
        for name in PERSONAS:
            user = self.persona(name)
            visible = set(IndicatorObservation.objects.visible_to(user).values_list("pk", flat=True))
            for observation in IndicatorObservation.objects.select_related("community"):
                assert can_view_observation(user, observation) == (observation.pk in visible), (
                    name,
                    observation,
                )
        assert (
            IndicatorObservation.objects.visible_to(self.outsider).count() == 2
        )  # the open one, the organisation's


class IndicatorPagesTests(PersonasTestCase):
    def test_a_lead_adopts_from_the_catalogue_grouped_by_cycle(self) -> None:
        html = self.client_for("lead").get("/communities/fbp/value/indicators/").content.decode()
        assert "Adopt an indicator" in html and "Immediate value" in html and "Time saved" in html
        assert "Strategic value" not in html  # switched off
        time_saved = catalogue("time_saved")
        response = self.client_for("lead").post(
            f"/communities/fbp/value/indicators/{time_saved.pk}/adopt/", {"target": "40 hours"}
        )
        assert response["Location"] == f"/communities/fbp/value/indicators/{time_saved.pk}/"
        assert IndicatorAdoption.objects.get(community=self.community).target == "40 hours"
        member = self.client_for("member").get("/communities/fbp/value/indicators/").content.decode()
        assert "Time saved" in member and "40 hours" in member and "Adopt an indicator" not in member

    def test_adopting_another_communitys_indicator_is_not_found(self) -> None:
        theirs = define_indicator(
            self.private_community,
            by=self.lead,
            name="Circle meetings held",
            cycle=ValueCycle.objects.get(key="immediate"),
            description="Meetings.",
        ).indicator
        assert (
            self.client_for("lead").post(f"/communities/fbp/value/indicators/{theirs.pk}/adopt/").status_code
            == 404
        )
        assert (
            self.client_for("lead").get(f"/communities/fbp/value/indicators/{theirs.pk}/").status_code == 404
        )
        url = f"/communities/fbp/value/indicators/{theirs.pk}/observations/new/"
        assert self.client_for("lead").post(url, {"period_start": "2025-01-01"}).status_code == 404
        assert not IndicatorObservation.objects.exists()

    def test_an_indicator_not_adopted_has_no_page_and_takes_no_observation(self) -> None:
        tool_reuse = catalogue("tool_reuse")
        assert (
            self.client_for("lead").get(f"/communities/fbp/value/indicators/{tool_reuse.pk}/").status_code
            == 404
        )
        url = f"/communities/fbp/value/indicators/{tool_reuse.pk}/observations/new/"
        response = self.client_for("lead").post(
            url, {"period_start": "2025-01-01", "period_end": "2025-01-31", "value": "4"}
        )
        assert response.status_code == 404 and not IndicatorObservation.objects.exists()

    def test_a_lead_defines_an_indicator_and_bad_input_is_shown_beside_the_field(self) -> None:
        url = "/communities/fbp/value/indicators/new/"
        data = {
            "name": "Forecast accuracy",
            "cycle": str(ValueCycle.objects.get(key="realised").pk),
            "capital": Capital.HUMAN,
            "description": "How close the forecasts came.",
            "measure": "quantitative",
            "unit": "%",
            "source": "organisational",
            "better": "higher",
        }
        response = self.client_for("lead").post(url, data)
        html = response.content.decode()
        assert (
            response.status_code == 400
            and "Only indicators of potential value measure a form of capital." in html
        )
        assert 'id="id_capital-error"' in html
        response = self.client_for("lead").post(url, {**data, "capital": ""})
        indicator = IndicatorDefinition.objects.get(name="Forecast accuracy")
        assert response["Location"] == f"/communities/fbp/value/indicators/{indicator.pk}/"
        assert IndicatorAdoption.objects.filter(community=self.community, indicator=indicator).exists()

    def test_a_lead_records_an_observation_and_the_indicator_page_lists_them_newest_first(self) -> None:
        hours = adopt_indicator(self.community, catalogue("time_saved"), by=self.lead).indicator
        url = f"/communities/fbp/value/indicators/{hours.pk}/observations/new/"
        old, recent = month(3), month(1)
        bad = {"period_start": recent[1].isoformat(), "period_end": recent[0].isoformat(), "value": "5"}
        response = self.client_for("lead").post(url, bad)
        assert response.status_code == 400 and "The period must end on or after" in response.content.decode()
        response = self.client_for("lead").post(
            url, {**bad, "period_end": recent[1].isoformat(), "value": ""}
        )
        assert response.status_code == 400 and not IndicatorObservation.objects.exists()
        for (start, end), value in ((old, "7"), (recent, "1250.5")):
            data = {"period_start": start.isoformat(), "period_end": end.isoformat(), "value": value}
            data["evidence"] = "https://example.org/report"
            assert self.client_for("lead").post(url, data).status_code == 302
        html = (
            self.client_for("member").get(f"/communities/fbp/value/indicators/{hours.pk}/").content.decode()
        )
        assert html.index("1,250.5") < html.index("<strong>7</strong>")
        assert 'href="https://example.org/report"' in html and "Record an observation" not in html
        value = self.client_for("member").get("/communities/fbp/value/").content.decode()
        assert "1,250.5" in value and "Time saved" in value

    def test_a_figure_from_a_small_group_is_not_shown(self) -> None:
        hours = adopt_indicator(self.community, catalogue("time_saved"), by=self.lead).indicator
        start, end = month(1)
        record_observation(
            self.community,
            hours,
            by=self.lead,
            period_start=start,
            period_end=end,
            value=Decimal(987),
            people=3,
        )
        for url in ("/communities/fbp/value/", f"/communities/fbp/value/indicators/{hours.pk}/"):
            html = self.client_for("member").get(url).content.decode()
            assert "987" not in html and "fewer than 5 people" in html

    def test_members_read_and_only_leads_change(self) -> None:
        hours = adopt_indicator(self.community, catalogue("time_saved"), by=self.lead).indicator
        base = f"/communities/fbp/value/indicators/{hours.pk}/"
        for persona in ("core", "member"):
            client = self.client_for(persona)
            assert client.get(base).status_code == 200
            assert client.post(base + "target/", {"target": "x"}).status_code == 403
            assert client.post(base + "stop/").status_code == 403
            assert client.get(base + "observations/new/").status_code == 403
        assert self.client_for("lead").post(base + "target/", {"target": "50 hours"}).status_code == 302
        assert IndicatorAdoption.objects.get().target == "50 hours"
        assert self.client_for("lead").post(base + "stop/").status_code == 302
        assert not IndicatorAdoption.objects.exists()

    def test_the_pages_cost_the_same_queries_for_two_and_many_rows(self) -> None:
        keys = ["time_saved", "tool_reuse", "policy_changes", "outputs_in_decisions", "recognition"]
        keys += ["participation", "active_members", "skills_gained", "trust", "advice_applied"]
        hours = adopt_indicator(self.community, catalogue(keys[0]), by=self.lead).indicator
        # Session, person, community with the viewer's role, the header's switcher and unread count, and: on the
        # Value tab, the aspirations and uncertainties (none here, so no risks), the adoptions and their latest
        # observations, and the stories waiting for the lead's review; on the list, the adoptions, their latest
        # observations and the indicators to adopt; on an indicator's page, its adoption, its observations, the
        # projects it follows and (for the lead) the community's projects to choose from.
        pages = {
            "/communities/fbp/value/": 10,
            "/communities/fbp/value/indicators/": 8,
            f"/communities/fbp/value/indicators/{hours.pk}/": 9,
        }
        counts: dict[str, list[int]] = {url: [] for url in pages}
        for adopted in (2, 10):
            for key in keys[:adopted]:
                indicator = catalogue(key)
                if not IndicatorAdoption.objects.filter(
                    community=self.community, indicator=indicator
                ).exists():
                    adopt_indicator(self.community, indicator, by=self.lead)
                if indicator.source != "platform":
                    for months_ago in range(1, adopted + 1):
                        start, end = month(months_ago)
                        text = "Seen" if indicator.measure == "qualitative" else ""
                        value = None if text else Decimal(months_ago)
                        record_observation(
                            self.community,
                            indicator,
                            by=self.lead,
                            period_start=start,
                            period_end=end,
                            value=value,
                            text=text,
                        )
            for url in pages:
                client = self.client_for("lead")
                client.get(url)
                with CaptureQueriesContext(connection) as queries:
                    assert client.get(url).status_code == 200
                counts[url].append(len(queries))
        assert counts == {url: [n, n] for url, n in pages.items()}


class SmallGroupObservationTests(PersonasTestCase):
    def test_words_drawn_from_fewer_than_five_people_are_not_shown_either(self) -> None:
        # A survey's choice question becomes words ("Yes: 1; No: 1"): from two people they would tell each
        # person's answer, so they are held back like a figure.
        indicator = catalogue("learning_habits")
        adopt_indicator(self.community, indicator, by=self.lead)
        start, end = month(1)
        IndicatorObservation.objects.create(
            indicator=indicator,
            community=self.community,
            period_start=start,
            period_end=end,
            text="Yes: 1; No: 1",
            people=2,
            source=IndicatorObservation.Source.SURVEY,
        )
        for url in (f"/communities/fbp/value/indicators/{indicator.pk}/", "/communities/fbp/value/"):
            page = self.client_for("member").get(url).content.decode()
            assert "Yes: 1; No: 1" not in page, url
            assert "Drawn from fewer than 5 people" in page, url


class OrganisationObservationTests(PersonasTestCase):
    def test_the_programme_team_records_for_the_whole_organisation(self) -> None:
        start, end = month(1)
        observation = record_organisation_observation(
            catalogue("policy_changes"),
            by=self.programme_admin,
            period_start=start,
            period_end=end,
            text="The workload policy now counts time in communities.",
        )
        assert observation.community is None and observation.recorded_by == self.programme_admin

    def test_only_catalogue_indicators_and_never_platform_ones(self) -> None:
        own = define_indicator(
            self.community,
            by=self.lead,
            name="Forecast accuracy",
            cycle=ValueCycle.objects.get(key="realised"),
            description="How close.",
        ).indicator
        start, end = month(1)
        with pytest.raises(Refused) as refused:
            record_organisation_observation(
                own, by=self.programme_admin, period_start=start, period_end=end, value=Decimal(1)
            )
        assert refused.value.kind == Kind.NOT_FOUND
        with pytest.raises(Refused):
            record_organisation_observation(
                catalogue("participation"),
                by=self.programme_admin,
                period_start=start,
                period_end=end,
                value=Decimal(1),
            )
        with pytest.raises(Refused) as refused:
            record_organisation_observation(
                catalogue("time_saved"), by=self.programme_admin, period_start=end, period_end=start
            )
        assert refused.value.field == "period_end"
        assert not IndicatorObservation.objects.exists()

    def test_everyone_reads_them_and_the_programme_team_records_them(self) -> None:
        hours = catalogue("time_saved")
        url = f"/value/organisation/indicators/{hours.pk}/observations/new/"
        start, end = month(2)
        data = {"period_start": start.isoformat(), "period_end": end.isoformat(), "value": "420"}
        assert self.client_for("lead").post(url, data).status_code == 403
        assert self.client_for("programme_admin").post(url, {**data, "value": ""}).status_code == 400
        response = self.client_for("programme_admin").post(url, data)
        assert response["Location"] == f"/value/organisation/indicators/{hours.pk}/"
        for persona in PERSONAS:
            html = self.client_for(persona).get("/value/organisation/indicators/").content.decode()
            assert "<strong>420</strong> hours" in html, persona
            detail = self.client_for(persona).get(response["Location"]).content.decode()
            assert ("Record an observation" in detail) == (persona in ("programme_admin", "operator")), (
                persona
            )

    def test_the_list_costs_the_same_queries_for_two_and_many_observations(self) -> None:
        keys = [
            "time_saved",
            "tool_reuse",
            "outputs_in_decisions",
            "skills_gained",
            "trust",
            "advice_applied",
        ]
        counts = []
        for observed in (2, 6):
            for key in keys[:observed]:
                for months_ago in range(1, observed + 1):
                    start, end = month(months_ago)
                    record_organisation_observation(
                        catalogue(key),
                        by=self.programme_admin,
                        period_start=start,
                        period_end=end,
                        value=Decimal(4),
                    )
            client = self.client_for("member")
            client.get("/value/organisation/indicators/")
            with CaptureQueriesContext(connection) as queries:
                client.get("/value/organisation/indicators/")
            counts.append(len(queries))
        # Session, person, the catalogue with each one's latest observation, those observations, the header's two.
        assert counts == [6, 6]

    def test_an_indicators_page_costs_the_same_queries_for_two_and_many_observations(self) -> None:
        hours = catalogue("time_saved")
        url = f"/value/organisation/indicators/{hours.pk}/"
        counts = []
        for observed in (2, 12):
            while IndicatorObservation.objects.count() < observed:
                start, end = month(IndicatorObservation.objects.count() + 1)
                record_organisation_observation(
                    hours,
                    by=self.programme_admin,
                    period_start=start,
                    period_end=end,
                    value=Decimal(4),
                    people=9,
                )
            client = self.client_for("member")
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            counts.append(len(queries))
        assert counts == [
            6,
            6,
        ]  # session, person, the indicator, its observations, the header's switcher and count


class IndicatorProjectTests(PersonasTestCase):
    def test_an_indicator_follows_the_community_s_projects_and_their_pages_link_each_other(self) -> None:
        from copse.projects.services import propose_project
        from copse.valuecreation.services.indicators import set_projects

        adoption = adopt_indicator(self.community, catalogue("time_saved"), by=self.lead)
        project = propose_project(self.community, by=self.member, title="Month-end in five days")
        elsewhere = propose_project(self.private_community, by=self.core, title="Budget packs")
        with self.assertRaises(Refused) as refused:
            set_projects(adoption, projects=[elsewhere])
        self.assertEqual(refused.exception.field, "projects")
        self.assertFalse(adoption.projects.exists())
        response = self.client_for("lead").post(
            f"/communities/{self.community.slug}/value/indicators/{adoption.indicator_id}/projects/",
            {"projects": [project.pk]},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(list(adoption.projects.all()), [project])
        indicator_page = self.client_for("member").get(response["Location"])
        self.assertContains(indicator_page, f'href="{project.get_absolute_url()}"')
        project_page = self.client_for("member").get(project.get_absolute_url())
        self.assertContains(project_page, "Indicators that show the difference")
        self.assertContains(project_page, adoption.indicator.name)
