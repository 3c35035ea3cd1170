"""The framework as shipped, the programme team's wording of its cycles, and the page that explains it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from copse.core.refusals import Refused
from copse.testing import PERSONAS, PersonasTestCase
from copse.valuecreation.models import POTENTIAL, Capital, IndicatorDefinition, ValueCycle
from copse.valuecreation.services.cycles import update_cycle

SHIPPED_ON = ["immediate", "potential", "applied", "realised", "transformative"]
SHIPPED_OFF = ["orienting", "enabling", "strategic"]


class ShippedFrameworkTests(PersonasTestCase):
    def test_eight_cycles_ship_in_order_with_the_first_five_switched_on(self) -> None:
        assert list(ValueCycle.objects.values_list("key", flat=True)) == SHIPPED_ON + SHIPPED_OFF
        assert list(ValueCycle.objects.enabled().values_list("key", flat=True)) == SHIPPED_ON
        for cycle in ValueCycle.objects.all():
            assert cycle.name and cycle.description and cycle.question.endswith("?"), cycle.key

    def test_the_catalogue_covers_every_cycle_and_every_form_of_capital(self) -> None:
        catalogue = IndicatorDefinition.objects.filter(community=None).select_related("cycle")
        assert catalogue.count() >= 20
        assert {i.cycle.key for i in catalogue} == set(SHIPPED_ON + SHIPPED_OFF)
        capitals = {i.capital for i in catalogue if i.capital}
        assert capitals == set(Capital.values)
        assert all(i.cycle.key == POTENTIAL for i in catalogue if i.capital)

    def test_a_form_of_capital_belongs_to_potential_value_alone(self) -> None:
        applied = ValueCycle.objects.get(key="applied")
        indicator = IndicatorDefinition(
            name="Templates used", cycle=applied, capital=Capital.TANGIBLE, description="x"
        )
        with pytest.raises(ValidationError) as refused:
            indicator.clean()
        assert "capital" in refused.value.message_dict


class UpdateCycleTests(PersonasTestCase):
    def test_the_programme_team_rewords_a_cycle_and_switches_one_on(self) -> None:
        cycle = ValueCycle.objects.get(key="orienting")
        update_cycle(
            cycle,
            name="Finding our way",
            description="Who knows what, and where.",
            question="Who did you find?",
            is_enabled=True,
        )
        cycle.refresh_from_db()
        assert (cycle.name, cycle.question, cycle.is_enabled) == (
            "Finding our way",
            "Who did you find?",
            True,
        )
        assert "orienting" in ValueCycle.objects.enabled().values_list("key", flat=True)

    def test_the_last_cycle_that_is_on_cannot_be_switched_off(self) -> None:
        ValueCycle.objects.exclude(key="immediate").update(is_enabled=False)
        cycle = ValueCycle.objects.get(key="immediate")
        with pytest.raises(Refused) as refused:
            update_cycle(cycle, name="X", description="Y", question="Z?", is_enabled=False)
        assert refused.value.field == "is_enabled"
        cycle.refresh_from_db()
        assert cycle.is_enabled and cycle.name == "Immediate value"

    def test_a_name_on_two_lines_is_refused(self) -> None:
        cycle = ValueCycle.objects.get(key="applied")
        with pytest.raises(Refused) as refused:
            update_cycle(cycle, name="A\nB", description="Put to use.", question="Q?", is_enabled=True)
        assert refused.value.field == "name"


class PagesTests(PersonasTestCase):
    def test_everyone_signed_in_reads_how_value_creation_works(self) -> None:
        assert self.client.get("/value/how/").status_code == 302  # to sign in
        for persona in PERSONAS:
            html = self.client_for(persona).get("/value/how/").content.decode()
            assert "How value creation works" in html, persona
            assert "Transformative value" in html and "Ask yourself:" in html
            assert "Strategic value" not in html  # switched off
            assert "Skills gained" in html and "Human capital" in html
            assert ("Edit the cycles" in html) == (persona in ("programme_admin", "operator")), persona

    def test_a_cycle_switched_on_appears_with_its_indicators(self) -> None:
        ValueCycle.objects.filter(key="strategic").update(is_enabled=True)
        html = self.client_for("member").get("/value/how/").content.decode()
        assert "Strategic value" in html and "Engagement with stakeholders" in html

    def test_the_page_costs_the_same_queries_however_many_indicators_there_are(self) -> None:
        def count() -> int:
            client = self.client_for("member")
            client.get("/value/how/")
            with CaptureQueriesContext(connection) as queries:
                client.get("/value/how/")
            return len(queries)

        before = count()
        cycle = ValueCycle.objects.get(key="applied")
        IndicatorDefinition.objects.bulk_create(
            IndicatorDefinition(name=f"Indicator {n}", cycle=cycle, description="d") for n in range(30)
        )
        assert count() == before == 6

    def test_the_cycles_list_is_one_query_for_all_its_cycles(self) -> None:
        client = self.client_for("programme_admin")
        client.get("/value/cycles/")
        with CaptureQueriesContext(connection) as queries:
            client.get("/value/cycles/")
        assert len(queries) == 5  # session, user, the cycles, the header's switcher and unread count

    def test_only_the_programme_team_lists_and_edits_the_cycles(self) -> None:
        for persona in ("lead", "core", "member", "outsider"):
            assert self.client_for(persona).get("/value/cycles/").status_code == 403
            assert self.client_for(persona).get("/value/cycles/applied/").status_code == 403
            assert self.client_for(persona).post("/value/cycles/applied/", {"name": "X"}).status_code == 403
        html = self.client_for("programme_admin").get("/value/cycles/").content.decode()
        assert "Orienting value" in html and "Off" in html
        assert self.client_for("programme_admin").get("/value/cycles/nowhere/").status_code == 404

    def test_saving_a_cycle_goes_back_to_the_list_with_a_message(self) -> None:
        data = {
            "name": "Applied value",
            "description": "Put to use.",
            "question": "What changed?",
            "is_enabled": "on",
        }
        response = self.client_for("programme_admin").post("/value/cycles/applied/", data, follow=True)
        assert response.redirect_chain[-1][0] == "/value/cycles/"
        assert "Applied value is saved." in response.content.decode()
        assert ValueCycle.objects.get(key="applied").question == "What changed?"

    def test_bad_input_is_shown_beside_the_field_and_nothing_is_saved(self) -> None:
        client = self.client_for("programme_admin")
        base = {"name": "Applied value", "description": "Put to use.", "question": "What changed?"}
        for changes, message in (
            ({"name": ""}, "This field is required."),
            ({"name": "x" * 61}, "at most 60 characters"),
            ({"question": "Two\nlines?"}, "line"),
        ):
            response = client.post("/value/cycles/applied/", base | changes | {"is_enabled": "on"})
            assert response.status_code == 400, changes
            assert message in response.content.decode(), changes
            assert 'aria-invalid="true"' in response.content.decode()
        ValueCycle.objects.exclude(key="applied").update(is_enabled=False)
        response = client.post("/value/cycles/applied/", base)  # switching off the last one
        assert response.status_code == 400
        assert "At least one cycle must stay switched on" in response.content.decode()
        assert ValueCycle.objects.get(key="applied").is_enabled
        assert ValueCycle.objects.get(key="applied").question != "What changed?"
