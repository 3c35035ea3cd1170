"""The app shell, the brand settings, the style guide and the design system's template tags."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.checks import run_checks
from django.template import engines
from django.test import override_settings
from django.utils import timezone

from copse.core import branding
from copse.core.ui import ago_words, initials
from copse.core.views import SamplePerson
from copse.testing import (
    CommunityFactory,
    MembershipFactory,
    NotificationFactory,
    PersonasTestCase,
)

LONDON = ZoneInfo("Europe/London")


def render(source: str, **context: object) -> str:
    return engines["jinja2"].from_string(source).render(context)


class TestBrand:
    def test_colours_parse_in_long_and_short_form(self) -> None:
        assert branding.parse_colour("#0a6b5d") == (10, 107, 93)
        assert branding.parse_colour("0A6B5D") == (10, 107, 93)
        assert branding.parse_colour("#fff") == (255, 255, 255)
        assert branding.parse_colour("teal") is None
        assert branding.parse_colour("#12345") is None

    def test_contrast_matches_the_wcag_figures(self) -> None:
        assert branding.contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
        assert branding.contrast((255, 255, 255), (255, 255, 255)) == pytest.approx(1)
        # The default primary reaches AA against white.
        assert branding.contrast((10, 107, 93), (255, 255, 255)) > 4.5

    @pytest.mark.parametrize(
        ("colour", "error"),
        [("#7fd1c0", "copse.E011"), ("#ffcc00", "copse.E011"), ("green", "copse.E010"), ("", "copse.E010")],
    )
    def test_a_colour_that_cannot_be_read_stops_start_up(self, colour: str, error: str) -> None:
        with override_settings(COPSE_PRIMARY_COLOUR=colour):
            ids = [m.id for m in branding.check_brand()]
        assert ids == [error]

    def test_a_logo_from_another_site_is_refused(self) -> None:
        with override_settings(COPSE_LOGO="https://cdn.example.com/logo.png"):
            assert [m.id for m in branding.check_brand()] == ["copse.E012"]
        with override_settings(COPSE_LOGO="/static/brand/logo.svg"):
            assert branding.check_brand() == []

    def test_the_check_is_registered(self) -> None:
        with override_settings(COPSE_PRIMARY_COLOUR="#eeeeee"):
            assert "copse.E011" in [m.id for m in run_checks()]

    def test_hover_is_darker_and_the_tint_paler(self) -> None:
        with override_settings(COPSE_PRIMARY_COLOUR="#1d5f91"):
            branding.brand.cache_clear()
            try:
                brand = branding.brand()
            finally:
                branding.brand.cache_clear()
        assert brand.primary == "#1d5f91"
        assert not brand.is_default_colour
        lum = branding.relative_luminance
        primary = branding.parse_colour(brand.primary)
        hover, tint = branding.parse_colour(brand.primary_hover), branding.parse_colour(brand.primary_tint)
        assert primary and hover and tint
        assert lum(hover) < lum(primary) < lum(tint)
        assert "--copse-primary:#1d5f91;" in brand.css


class TestTags:
    def test_initials_take_the_first_and_last_names(self) -> None:
        assert initials("Daniel Hughes") == "DH"
        assert initials("Siân Lloyd Roberts") == "SR"
        assert initials("Cher") == "C"
        assert initials("Dan (Daniel Hughes)") == "DH"
        assert initials("") == "?"

    def test_times_in_lists_read_as_people_say_them(self) -> None:
        now = datetime(2026, 12, 1, 15, 0, tzinfo=LONDON)
        with timezone.override(LONDON):
            assert ago_words(now - timedelta(seconds=20), now) == "just now"
            assert ago_words(now - timedelta(minutes=1), now) == "1 minute ago"
            assert ago_words(now - timedelta(minutes=59), now) == "59 minutes ago"
            assert ago_words(now - timedelta(hours=3), now) == "3 hours ago"
            assert ago_words(now - timedelta(hours=16), now) == "yesterday"  # 11pm last night
            assert ago_words(now - timedelta(days=4), now) == "4 days ago"
            assert ago_words(datetime(2026, 10, 12, 9, 0, tzinfo=LONDON), now) == "12 October"
            assert ago_words(datetime(2025, 10, 12, 9, 0, tzinfo=LONDON), now) == "12 October 2025"

    def test_ago_keeps_the_exact_moment_in_a_time_element(self) -> None:
        moment = timezone.now() - timedelta(hours=2)
        html = render("{{ moment|ago }}", moment=moment)
        assert html.startswith(f'<time datetime="{moment.isoformat(timespec="seconds")}" title="')
        assert ">2 hours ago</time>" in html
        assert render("{{ moment|ago }}", moment=None) == ""

    def test_a_face_without_a_photo_is_initials_on_the_persons_colour(self) -> None:
        person = SamplePerson(pk=30, name="Priya Sharma", email="priya@example.org")
        html = render('{{ avatar(person, "md") }}', person=person)
        assert html == '<span class="avatar avatar-md avatar-c6" aria-hidden="true">PS</span>'
        # An unknown size falls back to the small face; someone who has left has a blank one.
        assert "avatar-sm" in render('{{ avatar(person, "huge") }}', person=person)
        assert "avatar-gone" in render("{{ avatar(None) }}")

    def test_initials_are_escaped(self) -> None:
        person = SamplePerson(pk=1, name="<b>x</b> Y", email="x@example.org")
        assert "<b>" not in render("{{ avatar(person) }}", person=person)

    def test_a_date_tile_shows_the_local_day(self) -> None:
        moment = datetime(2026, 12, 1, 0, 30, tzinfo=ZoneInfo("UTC"))
        with timezone.override(ZoneInfo("America/New_York")):
            html = render("{{ date_tile(moment) }}", moment=moment)
        assert '<span class="date-tile-month">Nov</span><span class="date-tile-day">30</span>' in html
        assert 'aria-hidden="true"' in html


class TestShell(PersonasTestCase):
    def test_the_bell_says_how_many_are_unread(self) -> None:
        member = self.member
        for _ in range(3):
            NotificationFactory(recipient=member)
        html = self.client_for("member").get("/").content.decode()
        assert '<span class="visually-hidden">Notifications, 3 unread</span>' in html
        assert '<span class="count-badge" aria-hidden="true">3</span>' in html

    def test_more_than_99_unread_shows_99_plus(self) -> None:
        member = self.member
        NotificationFactory.create_batch(100, recipient=member)
        html = self.client_for("member").get("/").content.decode()
        assert "Notifications, 100 unread" in html
        assert ">99+</span>" in html

    def test_the_account_menu_and_the_folded_menu(self) -> None:
        html = self.client_for("member").get("/").content.decode()
        assert ": your account</span></summary>" in html
        for link in ("Your profile", "Notification settings", "Calendar subscriptions"):
            assert f">{link}</a>" in html
        assert '<button type="submit">Sign out</button>' in html
        assert '<nav class="menu-panel" aria-label="Main, folded">' in html
        assert "Style guide" not in html  # only the operator's menu has it

    def test_my_communities_switcher_lists_the_persons_communities(self) -> None:
        other = CommunityFactory(name="Power BI and Data Reporting")
        MembershipFactory(community=other, person=self.member)
        html = self.client_for("member").get("/accessibility/").content.decode()
        assert "<summary>My communities</summary>" in html
        assert html.count(">Power BI and Data Reporting</a>") == 2  # the switcher and the folded menu
        assert "My communities" not in self.client_for("outsider").get("/accessibility/").content.decode()
        # The home page hands the header its own rows, as links all the same.
        home = self.client_for("member").get("/").content.decode()
        header = home[: home.index("<main")]
        assert (
            header.count(f'<li><a href="/communities/{other.slug}/">Power BI and Data Reporting</a></li>')
            == 2
        )

    def test_the_signed_in_person_comes_with_their_profile_for_the_headers_face(self) -> None:
        response = self.client_for("member").get("/accessibility/")
        user = response.wsgi_request.user
        assert user.__class__.person.related.is_cached(user)  # __class__: request.user is a lazy object
        assert 'class="avatar avatar-xs avatar-c' in response.content.decode()

    def test_the_current_page_is_marked_in_the_navigation(self) -> None:
        html = self.client_for("member").get("/events/").content.decode()
        assert 'href="/events/" aria-current="page">Events</a>' in html

    def test_signed_out_pages_offer_sign_in_only(self) -> None:
        html = self.client.get("/accessibility/").content.decode()
        assert ">Sign in</a>" in html
        assert "Notifications" not in html

    def test_the_brand_stylesheet_is_linked_only_for_a_colour_of_the_organisations_own(self) -> None:
        assert "brand.css" not in self.client_for("member").get("/").content.decode()
        branding.brand.cache_clear()
        try:
            with override_settings(COPSE_PRIMARY_COLOUR="#5b3d99", COPSE_LOGO="/static/favicon.svg"):
                html = self.client_for("member").get("/").content.decode()
                css = self.client.get("/brand.css")
        finally:
            branding.brand.cache_clear()
        assert '<link rel="stylesheet" href="/brand.css?v=5b3d99">' in html
        assert '<img src="/static/favicon.svg" alt="">' in html
        assert css.status_code == 200  # public: the sign-in page needs it too
        assert css["Content-Type"] == "text/css; charset=utf-8"
        assert "max-age=86400" in css["Cache-Control"]
        assert "--copse-primary:#5b3d99;" in css.content.decode()


class TestStyleguide(PersonasTestCase):
    def test_only_the_operator_sees_it(self) -> None:
        for persona in ("programme_admin", "lead", "core", "member", "outsider"):
            response = self.client_for(persona).get("/styleguide/")
            assert response.status_code == 403, persona
            assert "for the site&#39;s operator" in response.content.decode()
        assert self.client.get("/styleguide/").status_code == 302  # anonymous: to sign in
        response = self.client_for("operator").get("/styleguide/")
        assert response.status_code == 200
        html = response.content.decode()
        for part in (
            "Buttons",
            "Badges and tags",
            "Faces and dates",
            "Tables",
            "Notices and empty states",
            "Forms",
        ):
            assert f">{part}</h2>" in html
        assert "There is a problem" in html  # the form with errors
        assert len(set(re.findall(r"avatar-c\d+", html))) == 12  # a face in each of the twelve colours

    def test_it_answers_get_only(self) -> None:
        assert self.client_for("operator").post("/styleguide/").status_code == 405
