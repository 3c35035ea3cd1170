"""One way to say no: the kind of a refusal decides its status, and one function chooses the answer."""

from __future__ import annotations

import json

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, SimpleTestCase
from django_htmx.middleware import HtmxDetails

from copse.core.refusals import (
    Kind,
    RefusalMiddleware,
    Refused,
    form_status,
    refusal_from,
    refusal_response,
)


class NameForm(forms.Form):
    name = forms.CharField()


def request_for(method: str = "post", *, htmx: bool = False, accept: str = "text/html", path: str = "/x/"):
    headers = {"HX-Request": "true"} if htmx else {}
    request = getattr(RequestFactory(), method)(path, headers=headers | {"Accept": accept})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request.htmx = HtmxDetails(request)
    request.user = AnonymousUser()
    return request


def page(status: int) -> HttpResponse:
    return HttpResponse("the page", status=status)


class RefusedTests(SimpleTestCase):
    def test_each_kind_has_its_status(self) -> None:
        statuses = {kind: Refused("No.", kind=kind).status for kind in Kind}
        assert statuses == {
            Kind.INVALID: 400,
            Kind.FORBIDDEN: 403,
            Kind.NOT_FOUND: 404,
            Kind.CONFLICT: 409,
            Kind.RATE_LIMITED: 429,
        }

    def test_a_refusal_is_invalid_input_unless_it_says_otherwise(self) -> None:
        refusal = Refused("Say why.", field="reason")
        assert (refusal.kind, refusal.field, str(refusal)) == (Kind.INVALID, "reason", "Say why.")

    def test_an_unknown_kind_is_a_programming_error(self) -> None:
        with self.assertRaises(ValueError):
            Refused("No.", kind="maybe")


class RefusalResponseTests(SimpleTestCase):
    def test_on_a_form_the_message_stands_beside_its_field_and_the_page_gets_the_status(self) -> None:
        form = NameForm({"name": "Finance"})
        form.is_valid()
        response = refusal_response(
            request_for(), Refused("Taken.", kind=Kind.CONFLICT, field="name"), form=form, page=page
        )
        assert response.status_code == 409
        assert form.errors == {"name": ["Taken."]}

    def test_a_refusal_about_no_known_field_goes_at_the_top_of_the_form(self) -> None:
        form = NameForm({"name": "Finance"})
        form.is_valid()
        refusal_response(request_for(), Refused("Closed.", field="nope"), form=form, page=page)
        assert form.non_field_errors() == ["Closed."]

    def test_without_a_form_html_gets_the_message_on_the_next_page(self) -> None:
        request = request_for()
        response = refusal_response(request, Refused("Already decided.", kind=Kind.CONFLICT), then="/next/")
        assert (response.status_code, response["Location"]) == (302, "/next/")
        assert [str(m) for m in get_messages(request)] == ["Already decided."]

    def test_htmx_gets_the_fragment_with_the_refusals_status(self) -> None:
        request = request_for(htmx=True)
        response = refusal_response(
            request, Refused("Already decided.", kind=Kind.CONFLICT), page=page, then="/n/"
        )
        assert (response.status_code, response.content) == (409, b"the page")

    def test_htmx_without_a_fragment_gets_the_message_out_of_band_and_no_swap(self) -> None:
        request = request_for(htmx=True)
        response = refusal_response(request, Refused("Not yours.", kind=Kind.FORBIDDEN), then="/n/")
        assert response.status_code == 403
        assert response["HX-Reswap"] == "none"
        assert "Not yours." in response.content.decode()

    def test_json_clients_get_the_error_body(self) -> None:
        for request in (request_for(accept="application/json"), request_for(path="/api/v1/things/")):
            response = refusal_response(request, Refused("Too long.", field="title"), then="/n/")
            assert response.status_code == 400
            assert json.loads(response.content) == {
                "error": {"kind": "invalid", "message": "Too long.", "field": "title"}
            }

    def test_a_form_without_its_page_is_a_programming_error(self) -> None:
        with self.assertRaises(ValueError):
            refusal_response(request_for(), Refused("No."), form=NameForm({}))


class RefusalFromTests(SimpleTestCase):
    def test_a_forms_first_error_becomes_a_refusal_about_its_field(self) -> None:
        class ChoiceForm(forms.Form):
            role = forms.ChoiceField(
                label="Role", choices=[("lead", "Lead")], error_messages={"invalid_choice": "Choose a role."}
            )

        form = ChoiceForm({"role": "owner"})
        assert not form.is_valid()
        refusal = refusal_from(form)
        assert (refusal.message, refusal.field, refusal.status) == ("Role: Choose a role.", "role", 400)


class FormStatusTests(SimpleTestCase):
    def test_400_only_for_a_submitted_form_with_errors(self) -> None:
        assert form_status(NameForm()) == 200
        assert form_status(NameForm({"name": "Finance"})) == 200
        assert form_status(NameForm({"name": "Finance"}), NameForm({})) == 400
        assert form_status(None) == 200


class RefusalMiddlewareTests(SimpleTestCase):
    def middleware(self) -> RefusalMiddleware:
        return RefusalMiddleware(lambda request: HttpResponse())

    def test_an_uncaught_refusal_is_its_status_with_its_message_not_a_server_error(self) -> None:
        request = request_for("get")
        response = self.middleware().process_exception(request, Refused("Not here.", kind=Kind.NOT_FOUND))
        assert response is not None
        assert response.status_code == 404
        assert "Not here." in response.content.decode()

    def test_other_exceptions_are_left_alone(self) -> None:
        assert self.middleware().process_exception(HttpRequest(), ValueError("boom")) is None
