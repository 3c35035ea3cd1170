"""Framing: aspirations with their risks and history, and uncertainties, for a person, a community, a service
area and the organisation; who reads and changes them; the Value tab and the levels' pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from copse.communities.models import Status, Visibility
from copse.core.refusals import Kind, Refused
from copse.testing import PERSONAS, CommunityFactory, MembershipFactory, PersonasTestCase, UserFactory
from copse.valuecreation.models import Aspiration, AspirationRevision, Risk, Scope, Uncertainty
from copse.valuecreation.permissions import can_view_framing
from copse.valuecreation.services.framing import (
    RiskText,
    create_aspiration,
    create_uncertainty,
    reopen_uncertainty,
    resolve_uncertainty,
    revise_aspiration,
    set_aside_aspiration,
    update_uncertainty,
)


class AspirationServiceTests(PersonasTestCase):
    def test_a_new_aspiration_keeps_its_risks_and_is_revision_one(self) -> None:
        aspiration = create_aspiration(
            Scope.COMMUNITY,
            self.community,
            by=self.lead,
            title="Every budget holder gets an answer within a week",
            conditions="An hour a week of a lead's time.",
            risks=[RiskText("Leads are stretched at year end", "Core members take turns"), RiskText("", "")],
        )
        assert aspiration.scope == Scope.COMMUNITY and aspiration.community == self.community
        assert [(r.risk, r.mitigation) for r in aspiration.risks.all()] == [
            ("Leads are stretched at year end", "Core members take turns")
        ]
        (revision,) = aspiration.revisions.all()
        assert revision.number == 1 and revision.reason == "" and revision.revised_by == self.lead
        assert revision.risks == [
            {"risk": "Leads are stretched at year end", "mitigation": "Core members take turns"}
        ]

    def test_aspirations_of_a_level_are_placed_one_after_another(self) -> None:
        first = create_aspiration(Scope.ORGANISATION, None, by=self.programme_admin, title="One")
        second = create_aspiration(Scope.ORGANISATION, None, by=self.programme_admin, title="Two")
        other = create_aspiration(Scope.PERSON, self.member, by=self.member, title="Mine")
        assert (first.position, second.position, other.position) == (0, 1, 0)

    def test_revising_keeps_every_version_with_its_reason_and_replaces_the_risks(self) -> None:
        aspiration = create_aspiration(
            Scope.COMMUNITY, self.community, by=self.lead, title="Faster answers", risks=[RiskText("Time")]
        )
        revise_aspiration(
            aspiration,
            by=self.programme_admin,
            title="Faster, better answers",
            description="",
            conditions="Sponsor support",
            risks=[RiskText("Time", "Rota"), RiskText("Turnover", "")],
            reason="We learnt that speed alone did not help.",
        )
        second = revise_aspiration(
            aspiration,
            by=self.lead,
            title="Better answers",
            description="",
            conditions="Sponsor support",
            risks=[],
            reason="Speed was never the point.",
        )
        aspiration.refresh_from_db()
        assert aspiration.title == "Better answers" and aspiration.conditions == "Sponsor support"
        assert second.number == 3 and not aspiration.risks.exists()
        versions = list(aspiration.revisions.values_list("number", "title", "reason"))
        assert versions == [
            (3, "Better answers", "Speed was never the point."),
            (2, "Faster, better answers", "We learnt that speed alone did not help."),
            (1, "Faster answers", ""),
        ]
        assert aspiration.revisions.get(number=2).risks == [
            {"risk": "Time", "mitigation": "Rota"},
            {"risk": "Turnover", "mitigation": ""},
        ]

    def test_a_revision_needs_a_reason_and_a_change(self) -> None:
        aspiration = create_aspiration(Scope.PERSON, self.member, by=self.member, title="Learn Power BI")
        same = {"title": "Learn Power BI", "description": "", "conditions": "", "risks": []}
        with pytest.raises(Refused) as refused:
            revise_aspiration(aspiration, by=self.member, reason="", **{**same, "title": "Learn Python"})
        assert refused.value.field == "reason"
        with pytest.raises(Refused) as refused:
            revise_aspiration(aspiration, by=self.member, reason="Because", **same)
        assert "Nothing has changed" in refused.value.message
        assert aspiration.revisions.count() == 1

    def test_bad_wording_is_refused_beside_its_field_and_writes_nothing(self) -> None:
        cases = [
            ({"title": ""}, "title"),
            ({"title": "Two\nlines"}, "title"),
            ({"title": "x" * 201}, "title"),
            ({"title": "Fine", "conditions": "bad \x1b escape"}, "conditions"),
            ({"title": "Fine", "risks": [RiskText("", "a mitigation with no risk")]}, "risks"),
            ({"title": "Fine", "risks": [RiskText(f"Risk {n}") for n in range(21)]}, "risks"),
        ]
        for given, field in cases:
            with pytest.raises(Refused) as refused:
                create_aspiration(Scope.COMMUNITY, self.community, by=self.lead, **given)  # type: ignore[arg-type]
            assert refused.value.field == field, given
        assert not Aspiration.objects.exists() and not Risk.objects.exists()
        assert not AspirationRevision.objects.exists()

    def test_a_set_aside_aspiration_keeps_its_history_and_is_not_revised(self) -> None:
        aspiration = create_aspiration(Scope.AREA, self.area, by=self.programme_admin, title="Shared tools")
        set_aside_aspiration(aspiration, by=self.programme_admin)
        assert aspiration.set_aside_at is not None
        assert not Aspiration.objects.filter(area=self.area).held().exists()
        with pytest.raises(Refused) as refused:
            set_aside_aspiration(aspiration, by=self.programme_admin)
        assert refused.value.kind == Kind.CONFLICT
        with pytest.raises(Refused):
            revise_aspiration(
                aspiration,
                by=self.programme_admin,
                title="Other",
                description="",
                conditions="",
                risks=[],
                reason="x",
            )
        assert aspiration.revisions.count() == 1

    def test_the_owner_must_match_the_scope(self) -> None:
        with pytest.raises(TypeError):
            create_aspiration(Scope.COMMUNITY, self.member, by=self.lead, title="Wrong")
        with pytest.raises(TypeError):
            create_uncertainty(Scope.ORGANISATION, self.area, by=self.lead, question="Wrong?")


class UncertaintyServiceTests(PersonasTestCase):
    def test_an_uncertainty_is_added_edited_resolved_and_reopened(self) -> None:
        uncertainty = create_uncertainty(
            Scope.COMMUNITY, self.community, by=self.lead, question="Do newcomers find help?"
        )
        update_uncertainty(uncertainty, question="Do newcomers find help quickly?", notes="Ask in March")
        resolve_uncertainty(uncertainty, by=self.lead, resolution="Most do, within two days.")
        uncertainty.refresh_from_db()
        assert uncertainty.resolved_at is not None and uncertainty.resolution == "Most do, within two days."
        with pytest.raises(Refused) as refused:
            resolve_uncertainty(uncertainty, by=self.lead, resolution="Again")
        assert refused.value.kind == Kind.CONFLICT
        reopen_uncertainty(uncertainty)
        uncertainty.refresh_from_db()
        assert uncertainty.resolved_at is None and uncertainty.resolution == "Most do, within two days."
        with pytest.raises(Refused):
            reopen_uncertainty(uncertainty)

    def test_resolving_needs_what_was_learnt_and_a_question_needs_words(self) -> None:
        uncertainty = create_uncertainty(
            Scope.PERSON, self.member, by=self.member, question="Is it worth it?"
        )
        with pytest.raises(Refused) as refused:
            resolve_uncertainty(uncertainty, by=self.member, resolution="  ")
        assert refused.value.field == "resolution"
        with pytest.raises(Refused) as refused:
            create_uncertainty(Scope.PERSON, self.member, by=self.member, question="")
        assert refused.value.field == "question"
        assert Uncertainty.objects.get().resolved_at is None


class FramingVisibilityTests(PersonasTestCase):
    """`can_view_framing` and the querysets' `visible_to` agree for every persona over every level."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.retired = CommunityFactory(
            name="Old Open", slug="old-open", visibility=Visibility.OPEN, status=Status.RETIRED
        )
        cls.proposed = CommunityFactory(
            name="Proposed Open", slug="proposed-open", visibility=Visibility.OPEN, status=Status.PROPOSED
        )
        cls.leaver = UserFactory(email="leaver@example.org", name="Lee Leaver", is_active=False)
        MembershipFactory(community=cls.retired, person=cls.member)
        owners: list[tuple[Scope, object]] = [
            (Scope.PERSON, cls.member),
            (Scope.PERSON, cls.lead),
            (Scope.AREA, cls.area),
            (Scope.ORGANISATION, None),
            *[
                (Scope.COMMUNITY, c)
                for c in (cls.community, cls.open_community, cls.private_community, cls.retired, cls.proposed)
            ],
        ]
        for scope, owner in owners:
            create_aspiration(scope, owner, by=cls.programme_admin, title=f"{scope} {owner}")  # type: ignore[arg-type]
            create_uncertainty(scope, owner, by=cls.programme_admin, question=f"{scope} {owner}?")  # type: ignore[arg-type]

    def test_the_predicate_and_the_querysets_agree_for_everyone(self) -> None:
        for name in (*PERSONAS, "leaver"):
            user = getattr(self, name)
            for model in (Aspiration, Uncertainty):
                visible = set(model.objects.visible_to(user).values_list("pk", flat=True))  # type: ignore[attr-defined]
                for item in model.objects.select_related("community"):  # type: ignore[attr-defined]
                    assert can_view_framing(user, item) == (item.pk in visible), (name, model, item)

    def test_a_persons_own_framing_is_theirs_alone(self) -> None:
        mine = Aspiration.objects.get(scope=Scope.PERSON, person=self.member)
        for name in PERSONAS:
            assert can_view_framing(self.persona(name), mine) == (name == "member"), name

    def test_who_reads_a_communitys_framing(self) -> None:
        expected = {
            "fbp": {"programme_admin", "lead", "core", "member", "operator"},
            "spreadsheets": set(PERSONAS),
            "budget-circle": {"programme_admin", "lead", "core", "operator"},
            "old-open": set(PERSONAS),
            "proposed-open": {"programme_admin", "operator"},
        }
        for slug, readers in expected.items():
            aspiration = Aspiration.objects.get(community__slug=slug)
            for name in PERSONAS:
                assert can_view_framing(self.persona(name), aspiration) == (name in readers), (slug, name)


class FramingPagesTests(PersonasTestCase):
    def test_the_value_tab_shows_aspirations_risks_and_uncertainties_to_members(self) -> None:
        create_aspiration(
            Scope.COMMUNITY,
            self.community,
            by=self.lead,
            title="Budget holders trust our forecasts",
            conditions="Finance systems data on time",
            risks=[RiskText("Late data", "Agree a date with the systems team")],
        )
        done = create_uncertainty(
            Scope.COMMUNITY, self.community, by=self.lead, question="Who reads the packs?"
        )
        resolve_uncertainty(done, by=self.lead, resolution="Mostly heads of school.")
        create_uncertainty(Scope.COMMUNITY, self.community, by=self.lead, question="Does the rota work?")
        for persona in ("member", "lead"):
            html = self.client_for(persona).get("/communities/fbp/value/").content.decode()
            assert (
                "Budget holders trust our forecasts" in html and "Agree a date with the systems team" in html
            )
            assert "Finance systems data on time" in html and "Does the rota work?" in html
            assert "Mostly heads of school." in html
            assert ("Add an aspiration" in html) == (persona == "lead"), persona
        tab = self.client_for("member").get("/communities/fbp/").content.decode()
        assert 'href="/communities/fbp/value/"' in tab

    def test_the_value_tab_is_hidden_where_the_members_area_is(self) -> None:
        html = self.client_for("outsider").get("/communities/fbp/").content.decode()
        assert 'href="/communities/fbp/value/"' not in html
        assert self.client_for("outsider").get("/communities/fbp/value/").status_code == 403
        assert self.client_for("outsider").get("/communities/budget-circle/value/").status_code == 404
        assert self.client_for("outsider").get("/communities/spreadsheets/value/").status_code == 200

    def test_a_lead_adds_an_aspiration_with_risks_and_bad_input_writes_nothing(self) -> None:
        client = self.client_for("lead")
        data = {
            "title": "",
            "risks-TOTAL_FORMS": "2",
            "risks-INITIAL_FORMS": "0",
            "risks-0-risk": "Too little time",
            "risks-0-mitigation": "Share the work",
            "risks-1-risk": "",
            "risks-1-mitigation": "",
        }
        response = client.post("/communities/fbp/value/aspirations/new/", data)
        assert response.status_code == 400 and "There is a problem" in response.content.decode()
        assert "Too little time" in response.content.decode()  # the person's input is kept
        assert not Aspiration.objects.exists()
        response = client.post("/communities/fbp/value/aspirations/new/", {**data, "title": "Quicker closes"})
        assert response.status_code == 302 and response["Location"] == "/communities/fbp/value/"
        aspiration = Aspiration.objects.get()
        assert list(aspiration.risks.values_list("risk", "mitigation")) == [
            ("Too little time", "Share the work")
        ]

    def test_revising_from_the_page_needs_a_reason_and_lands_on_the_history(self) -> None:
        aspiration = create_aspiration(
            Scope.COMMUNITY,
            self.community,
            by=self.lead,
            title="Quicker closes",
            risks=[RiskText("Time", "")],
        )
        url = f"/communities/fbp/value/aspirations/{aspiration.pk}/edit/"
        page = self.client_for("lead").get(url).content.decode()
        assert 'value="Time"' in page and "Remove risk 1" in page
        data = {
            "title": "Calmer closes",
            "reason": "",
            "risks-TOTAL_FORMS": "3",
            "risks-INITIAL_FORMS": "1",
            "risks-0-risk": "Time",
            "risks-0-mitigation": "",
            "risks-0-DELETE": "on",
            "risks-1-risk": "Stress",
            "risks-1-mitigation": "Plan ahead",
            "risks-2-risk": "",
            "risks-2-mitigation": "",
        }
        response = self.client_for("lead").post(url, data)
        assert response.status_code == 400 and aspiration.revisions.count() == 1
        response = self.client_for("lead").post(url, {**data, "reason": "Speed mattered less than calm."})
        assert response["Location"] == f"/communities/fbp/value/aspirations/{aspiration.pk}/history/"
        assert list(aspiration.risks.values_list("risk", flat=True)) == ["Stress"]
        history = self.client_for("member").get(response["Location"]).content.decode()
        assert "Version 2" in history and "Version 1" in history
        assert "Speed mattered less than calm." in history and "Leah Lead" in history

    def test_someone_elses_aspiration_is_not_found_through_another_level(self) -> None:
        theirs = create_aspiration(Scope.COMMUNITY, self.private_community, by=self.lead, title="Circle's")
        mine = create_aspiration(Scope.PERSON, self.lead, by=self.lead, title="Leah's own")
        assert (
            self.client_for("lead")
            .get(f"/communities/fbp/value/aspirations/{theirs.pk}/history/")
            .status_code
            == 404
        )
        assert self.client_for("member").get(f"/value/aspirations/{mine.pk}/history/").status_code == 404
        assert self.client_for("lead").get(f"/value/aspirations/{mine.pk}/history/").status_code == 200
        organisation = f"/value/organisation/aspirations/{mine.pk}/history/"
        assert self.client_for("programme_admin").get(organisation).status_code == 404

    def test_a_person_frames_their_own_work_and_no_one_else_sees_it(self) -> None:
        client = self.client_for("member")
        client.post(
            "/value/aspirations/new/",
            {"title": "Learn Power BI", "risks-TOTAL_FORMS": "0", "risks-INITIAL_FORMS": "0"},
        )
        client.post("/value/uncertainties/new/", {"question": "Is it worth the time?"})
        html = client.get("/value/aspirations/").content.decode()
        assert (
            "Learn Power BI" in html and "Is it worth the time?" in html and "Only you see this page" in html
        )
        for persona in ("programme_admin", "lead", "operator"):
            assert (
                "Learn Power BI" not in self.client_for(persona).get("/value/aspirations/").content.decode()
            )

    def test_the_programme_team_frames_the_organisation_and_everyone_reads_it(self) -> None:
        self.client_for("programme_admin").post(
            "/value/organisation/aspirations/new/",
            {
                "title": "Every member of staff can join a community",
                "risks-TOTAL_FORMS": "0",
                "risks-INITIAL_FORMS": "0",
            },
        )
        for persona in PERSONAS:
            html = self.client_for(persona).get("/value/organisation/aspirations/").content.decode()
            assert "Every member of staff can join a community" in html, persona
            assert ("Add an aspiration" in html) == (persona in ("programme_admin", "operator")), persona
        assert (
            self.client_for("lead")
            .post("/value/organisation/uncertainties/new/", {"question": "x?"})
            .status_code
            == 403
        )

    def test_uncertainties_are_resolved_with_what_was_learnt_and_reopened(self) -> None:
        uncertainty = create_uncertainty(
            Scope.AREA, self.area, by=self.programme_admin, question="Which tools?"
        )
        client = self.client_for("programme_admin")
        url = f"/areas/finance/value/uncertainties/{uncertainty.pk}/resolve/"
        assert client.post(url, {"resolution": ""}).status_code == 400
        assert (
            client.post(url, {"resolution": "Excel, still."})["Location"]
            == "/areas/finance/value/aspirations/"
        )
        html = self.client_for("member").get("/areas/finance/value/aspirations/").content.decode()
        assert "Excel, still." in html and "Reopen" not in html
        client.post(f"/areas/finance/value/uncertainties/{uncertainty.pk}/reopen/")
        uncertainty.refresh_from_db()
        assert uncertainty.resolved_at is None
        assert client.post(f"/areas/finance/value/uncertainties/{uncertainty.pk}/reopen/").status_code == 302

    def test_setting_aside_from_the_page(self) -> None:
        aspiration = create_aspiration(Scope.COMMUNITY, self.community, by=self.lead, title="Old hope")
        url = f"/communities/fbp/value/aspirations/{aspiration.pk}/set-aside/"
        assert self.client_for("member").post(url).status_code == 403
        assert self.client_for("lead").post(url).status_code == 302
        html = self.client_for("member").get("/communities/fbp/value/").content.decode()
        assert "Set aside (1)" in html
        response = self.client_for("lead").get(f"/communities/fbp/value/aspirations/{aspiration.pk}/edit/")
        assert response["Location"] == f"/communities/fbp/value/aspirations/{aspiration.pk}/history/"
        assert (
            self.client_for("lead").post(url).status_code == 302
        )  # already set aside: told so, nothing changes

    def test_the_pages_cost_the_same_queries_for_two_and_many_rows(self) -> None:
        # The session, the person, the level (the community with the viewer's role, or the area; none for a
        # person and the organisation), the aspirations, their risks, the uncertainties, the header's community
        # switcher and unread count; the Value tab adds the indicators it looks at (with no observations here) and,
        # for a lead, how many stories wait for review.
        pages = {
            "/communities/fbp/value/": (Scope.COMMUNITY, self.community, "lead", 10),
            "/value/aspirations/": (Scope.PERSON, self.member, "member", 7),
            "/value/organisation/aspirations/": (Scope.ORGANISATION, None, "member", 7),
            "/areas/finance/value/aspirations/": (Scope.AREA, self.area, "member", 8),
        }
        for url, (scope, owner, persona, pinned) in pages.items():
            counts = []
            for rows in (2, 12):
                while Aspiration.objects.filter(scope=scope).count() < rows:
                    n = Aspiration.objects.count()
                    a = create_aspiration(
                        scope,
                        owner,
                        by=self.lead,
                        title=f"A{n}",
                        risks=[RiskText("r1"), RiskText("r2")],  # type: ignore[arg-type]
                    )
                    if n % 3 == 0:
                        set_aside_aspiration(a, by=self.lead)
                    u = create_uncertainty(scope, owner, by=self.lead, question=f"U{n}?")  # type: ignore[arg-type]
                    if n % 2:
                        resolve_uncertainty(u, by=self.lead, resolution="Learnt")
                client = self.client_for(persona)
                client.get(url)
                with CaptureQueriesContext(connection) as queries:
                    assert client.get(url).status_code == 200
                counts.append(len(queries))
            assert counts == [pinned, pinned], (url, counts)

    def test_the_history_page_costs_the_same_queries_for_two_and_many_versions(self) -> None:
        aspiration = create_aspiration(Scope.COMMUNITY, self.community, by=self.lead, title="V1")
        url = f"/communities/fbp/value/aspirations/{aspiration.pk}/history/"
        counts = []
        for versions in (2, 10):
            while aspiration.revisions.count() < versions:
                n = aspiration.revisions.count() + 1
                revise_aspiration(
                    aspiration,
                    by=self.programme_admin if n % 2 else self.lead,
                    title=f"V{n}",
                    description="",
                    conditions="",
                    risks=[],
                    reason="Because",
                )
            client = self.client_for("member")
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            counts.append(len(queries))
        assert counts == [
            7,
            7,
        ]  # the session, the person, the community, the aspiration, its versions, the header


class DemoTests(PersonasTestCase):
    def test_the_demo_frames_every_led_community_through_the_services(self) -> None:
        from copse.valuecreation.demo_framing import demo
        from copse.valuecreation.models import IndicatorAdoption, IndicatorObservation

        summary = demo(seed=7)
        assert summary.startswith("framing: ") and "in 3 communities" in summary
        for community in (self.community, self.open_community, self.private_community):
            assert 2 <= Aspiration.objects.filter(community=community).count() <= 3
            assert 1 <= Uncertainty.objects.filter(community=community).count() <= 3
            adopted = IndicatorAdoption.objects.filter(community=community)
            assert 5 <= adopted.count() <= 8
            assert {"participation", "active_members"} <= set(
                adopted.values_list("indicator__key", flat=True)
            )
            assert IndicatorObservation.objects.filter(community=community).count() >= 15
        assert (
            Aspiration.objects.filter(scope=Scope.ORGANISATION, created_by=self.programme_admin).count() == 3
        )
        assert Aspiration.objects.get(scope=Scope.PERSON).person == self.member
        assert AspirationRevision.objects.filter(number=1).count() == Aspiration.objects.count()
        assert IndicatorObservation.objects.filter(community=None).count() == 16  # quarterly, two kinds
