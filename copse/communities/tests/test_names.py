"""Community names are compared as the text policy says, so a look-alike of a name in use is refused."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from copse.accounts.models import ServiceArea
from copse.communities import services
from copse.communities.models import NAME_IN_USE, Community, Visibility
from copse.core.refusals import Kind, Refused
from copse.core.text import LINE_MESSAGE, LOOK_ALIKE_MESSAGE, TEXT_MESSAGE
from copse.testing import CommunityFactory, PersonasTestCase

# Each look-alike of "Finance Business Partners", and why it is refused: invisible characters are refused by the
# text policy itself; the others are the same name once compared by `name_key`.
LOOK_ALIKES = {
    "zero-width space": ("Finance Business\u200b Partners", LINE_MESSAGE),
    "soft hyphen": ("Fin\u00adance Business Partners", LINE_MESSAGE),
    "no-break space": ("Finance\u00a0Business Partners", NAME_IN_USE),
    "full-width letters": ("Ｆｉｎａｎｃｅ Business Partners", NAME_IN_USE),
    "different case": ("FINANCE business partners", NAME_IN_USE),
    "spaces around and between": ("  Finance   Business Partners ", NAME_IN_USE),
}
LINE_BREAKS = ("Data\rAnalytics", "Data\r\nAnalytics", "Data\nAnalytics", "Data\u202eAnalytics")


class LookAlikeNameTests(PersonasTestCase):
    def propose(self, name: str) -> Community:
        return services.propose_community(
            person=self.outsider,
            name=name,
            purpose="Partnering with budget holders.",
            service_area=self.area,
            reason="A second one.",
            visibility=Visibility.ON_REQUEST,
        )

    def test_a_look_alike_of_a_name_in_use_is_refused_beside_the_name(self) -> None:
        for what, (name, message) in LOOK_ALIKES.items():
            with self.subTest(what), self.assertRaises(Refused) as refused:
                self.propose(name)
            refusal = refused.exception
            assert (refusal.message, refusal.field, refusal.kind) == (message, "name", Kind.INVALID)
        assert Community.objects.count() == 3

    def test_a_name_with_a_line_break_is_refused_by_the_text_policy(self) -> None:
        for name in LINE_BREAKS:
            with self.subTest(name=name), self.assertRaises(Refused) as refused:
                self.propose(name)
            assert (refused.exception.message, refused.exception.field) == (LINE_MESSAGE, "name")
        assert Community.objects.count() == 3

    def test_invisible_fillers_and_ignorable_characters_are_refused_or_ignored(self) -> None:
        for name in (
            "Finance\u2800Business Partners",  # Braille blank
            "Finance\u3164Business Partners",  # Hangul filler
            "Finance\u034fBusiness Partners",  # combining grapheme joiner
            "Finance Business Partners\u206a",  # deprecated format character
        ):
            with self.subTest(name=name), self.assertRaises(Refused) as refused:
                self.propose(name)
            assert (refused.exception.message, refused.exception.field) == (LINE_MESSAGE, "name")
        for name in ("Finance Business Partners\ufe0f", "Finance Business Partners\U000e0020"):
            with self.subTest(name=name), self.assertRaises(Refused) as refused:
                self.propose(name)
            assert refused.exception.message == NAME_IN_USE  # ignorable: the same name as without
        assert Community.objects.count() == 3

    def test_a_word_mixing_alphabets_with_look_alike_letters_is_refused(self) -> None:
        for name in (
            "Fin\u0430nce Business Partners",
            "Finance Business Partner\u0455",
            "Data \u0391nalytics",
        ):
            with self.subTest(name=name), self.assertRaises(Refused) as refused:
                self.propose(name)
            assert (refused.exception.message, refused.exception.field) == (LOOK_ALIKE_MESSAGE, "name")
        # One alphabet to a word is fine, whichever it is.
        assert self.propose("Москва Finance Network").name == "Москва Finance Network"

    def test_the_reason_and_purpose_refuse_control_characters_whoever_calls(self) -> None:
        for field, overrides in (("reason", {"reason": "Why\x00"}), ("purpose", {"purpose": "\x1b[2J"})):
            with self.subTest(field), self.assertRaises(Refused) as refused:
                services.propose_community(
                    person=self.outsider,
                    name=f"Data Analytics {field}",
                    service_area=self.area,
                    visibility=Visibility.ON_REQUEST,
                    **({"purpose": "Sharing.", "reason": "Needed."} | overrides),
                )
            assert refused.exception.field == field
        assert Community.objects.count() == 3

    def test_a_new_name_is_accepted_and_keeps_its_key(self) -> None:
        assert self.propose("Data Analytics").name_key == "data analytics"

    def test_the_database_refuses_a_look_alike_written_another_way(self) -> None:
        # The unique key holds when two proposals race past the service's check, or a row is written directly.
        for name in (
            "Finance\u00a0Business Partners",
            "Finance Business\u200b Partners",
            "ＦＩＮＡＮＣＥ business partners",
        ):
            with self.subTest(name=name), self.assertRaises(IntegrityError), transaction.atomic():
                CommunityFactory(name=name, slug="fbp-2")

    def test_renaming_keeps_the_key_in_step(self) -> None:
        self.open_community.name = "Excel Skills"
        self.open_community.save(update_fields=["name"])
        assert Community.objects.get(pk=self.open_community.pk).name_key == "excel skills"

    def test_the_admin_form_refuses_a_look_alike_beside_the_name(self) -> None:
        self.open_community.name = "finance\u00a0business partners"
        with self.assertRaises(ValidationError) as refused:
            self.open_community.full_clean()
        assert refused.exception.message_dict["name"] == [NAME_IN_USE]

    def test_the_admin_form_refuses_a_name_whose_key_would_not_fit(self) -> None:
        self.open_community.name = "\ufdfa" * 20  # one character that NFKC makes eighteen
        with self.assertRaises(ValidationError) as refused:
            self.open_community.full_clean()
        assert "shorter name" in refused.exception.message_dict["name"][0]


class ProposeFormNameTests(PersonasTestCase):
    def post(self, name: str) -> Any:
        data = {
            "name": name,
            "service_area": self.area.pk,
            "purpose": "Sharing.",
            "visibility": "on_request",
            "reason": "Why not.",
        }
        return self.client_for("outsider").post("/communities/propose/", data)

    def test_a_look_alike_is_refused_beside_the_name_and_nothing_is_written(self) -> None:
        for what, (name, message) in LOOK_ALIKES.items():
            with self.subTest(what):
                response = self.post(name)
                html = response.content.decode()
                assert response.status_code == 400
                assert message.replace("'", "&#x27;") in html and 'href="#id_name"' in html
        assert Community.objects.count() == 3

    def test_a_line_break_in_the_name_is_refused_beside_the_name(self) -> None:
        for name in LINE_BREAKS:
            with self.subTest(name=name):
                response = self.post(name)
                assert response.status_code == 400
                assert LINE_MESSAGE in response.content.decode()
        assert Community.objects.count() == 3


class ServiceAreaNameTests(PersonasTestCase):
    def post(self, **data: str):
        return self.client_for("programme_admin").post(
            "/areas/new/", {"name": "Estates", "slug": "estates", "description": ""} | data
        )

    def test_the_text_policy_and_look_alikes_are_refused_beside_the_field(self) -> None:
        for field, value, message in (
            ("name", "Est\u202eates", LINE_MESSAGE),
            ("name", "Estates\r\nX", LINE_MESSAGE),
            ("name", "FINANCE", "A service area with this name already exists."),
            ("name", "Fin\u0430nce", LOOK_ALIKE_MESSAGE),
            ("description", "Buildings \u202eand grounds", TEXT_MESSAGE),
        ):
            with self.subTest(value=value):
                response = self.post(**{field: value})
                assert response.status_code == 400
                assert message in response.content.decode()
        assert not ServiceArea.objects.filter(slug="estates").exists()
        assert self.post(description="Buildings,\r\nand grounds.").status_code == 302
