"""The operator's /admin/: every model of ours is registered, and its list, search and add pages work."""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.http import HttpRequest
from django.test import RequestFactory

from copse.accounts.models import User
from copse.testing import JoinRequestFactory, PersonasTestCase

OUR_APPS = {"accounts", "communities", "discussions", "events"}


class AdminTests(PersonasTestCase):
    def test_every_model_of_ours_is_in_the_admin(self) -> None:
        ours = {m for m in apps.get_models() if m._meta.app_label in OUR_APPS}
        missing = sorted(
            m.__name__ for m in ours if m not in admin.site._registry and m._meta.auto_created is False
        )
        # Links are edited inline on their community, speakers and materials on their event.
        assert missing == ["CommunityLink", "Material", "Speaker"]

    def test_operator_opens_each_list_search_and_add_page(self) -> None:
        JoinRequestFactory(community=self.community, person=self.outsider)
        client = self.client_for("operator")
        for model, model_admin in admin.site._registry.items():
            if model._meta.app_label not in OUR_APPS:
                continue
            base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
            with self.subTest(model=model.__name__):
                assert client.get(base).status_code == 200
                assert client.get(base, {"q": "finance"}).status_code == 200
                add = client.get(f"{base}add/").status_code
                assert add == (200 if model_admin.has_add_permission(_request_for(self.operator)) else 403)
                first = model._default_manager.first()
                if first is not None:
                    assert client.get(f"{base}{first.pk}/change/").status_code == 200

    def test_programme_team_without_operator_rights_cannot_open_the_admin(self) -> None:
        response = self.client_for("programme_admin").get("/admin/communities/community/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def _request_for(user: User) -> HttpRequest:
    request = RequestFactory().get("/admin/")
    request.user = user
    return request
