"""Every URL pattern × every persona: the status each gets.

The matrix is keyed by the route as the resolver spells it. `test_every_url_pattern_has_a_row` walks the resolver
and fails when a pattern has no row, so a new URL cannot ship without saying who may use it. Django's admin is one
row per prefix: its own permission system guards it and one representative page per persona proves the gate.
Each request runs in a transaction that is rolled back, so one persona's POST does not change what the next sees.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from copse.communities.models import Membership
from copse.core import demo_files
from copse.core.attachments import AttachmentData
from copse.discussions.services import attach_files, hide_post, reply, start_thread
from copse.events.models import CalendarToken, Event
from copse.news.services import NewsText, publish_news
from copse.notifications.emails import unsubscribe_token
from copse.notifications.models import Notification
from copse.projects.services import post_update, propose_project
from copse.testing import (
    PERSONAS,
    CommunityFactory,
    JoinRequestFactory,
    PersonasTestCase,
    give_photo,
    image_bytes,
)
from copse.valuecreation.models import IndicatorDefinition, Scope, ValueCycle
from copse.valuecreation.services.framing import create_aspiration, create_uncertainty
from copse.valuecreation.services.indicators import adopt_indicator, define_indicator
from copse.valuecreation.services.stories import StepText, tell_story

EVERYONE = ("anonymous", *PERSONAS)
TO_LOGIN = 302  # LoginRequiredMiddleware sends signed-out people to the sign-in page


@dataclass
class Case:
    method: str
    url: Callable[[MatrixTests], str]
    expected: dict[str, int]
    data: dict[str, str] = field(default_factory=dict)


def statuses(default: int, anonymous: int = TO_LOGIN, **overrides: int) -> dict[str, int]:
    return {"anonymous": anonymous, **{name: overrides.get(name, default) for name in PERSONAS}}


LEADS_ONLY = {"programme_admin": 200, "lead": 200, "operator": 200}
PROGRAMME_ONLY = {"programme_admin": 200, "operator": 200}
REDIRECTED = {"programme_admin": 302, "lead": 302, "operator": 302}
HIDDEN_PRIVATE = {
    "member": 404,
    "outsider": 404,
}  # the private community's events are hidden from non-members


def only(allowed: dict[str, int], otherwise: int = 403, anonymous: int = TO_LOGIN) -> dict[str, int]:
    return statuses(otherwise, anonymous, **allowed)


def fbp(suffix: str = "") -> Callable[[MatrixTests], str]:
    return lambda t: f"/communities/{t.community.slug}/{suffix}"


def private(suffix: str = "") -> Callable[[MatrixTests], str]:
    return lambda t: f"/communities/{t.private_community.slug}/{suffix}"


def picture_of(post: str, suffix: str) -> Callable[[MatrixTests], str]:
    """The address of a news post's picture (".webp") or its small copy (".small.webp")."""

    def url(t: MatrixTests) -> str:
        news = getattr(t, post)
        return f"/news/{news.pk}/picture/{news.picture_version}{suffix}"

    return url


def members_notification(t: MatrixTests) -> str:
    """The member's own notification: only they may open it (others get 404)."""
    notification, _ = Notification.objects.get_or_create(
        recipient=t.member, kind="replies_to_me", title="Cora Core replied", url="/help/"
    )
    return f"/notifications/{notification.pk}/open/"


def unsubscribe(t: MatrixTests) -> str:
    return f"/notifications/unsubscribe/{unsubscribe_token(t.member.pk, 'mentions')}/"


def survey(t: MatrixTests, *, sent: bool) -> int:
    """A survey of the on-request community's members with one question: sent (open now) or a draft."""
    from copse.valuecreation.models import ValueCycle
    from copse.valuecreation.services import surveys

    name = "sent_survey" if sent else "draft_survey"
    if not hasattr(t, name):
        today = timezone.localdate()
        made = surveys.create_survey(
            community=t.community,
            audience="members",
            title="How are we doing?",
            opens_on=today,
            closes_on=today + timedelta(days=7),
            by=t.lead,
        )
        question = surveys.add_question(
            made, text="How useful?", kind="scale", cycle=ValueCycle.objects.get(key="immediate")
        )
        if sent:
            surveys.send_survey(made, by=t.lead)
        setattr(t, name, (made.pk, question.pk))
    return int(getattr(t, name)[0])


def library(t: MatrixTests) -> dict[str, int]:
    """The library's rows: a member's file in the on-request community, a core member's file in the private one,
    a programme page, and a collection in each community (made on first use, kept for the run)."""
    import io

    from copse.library import services as library_services
    from copse.library.services import ResourceData, Upload

    if not hasattr(t, "library_ids"):
        pdf = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"

        def add(community: object, by: object, kind: str, **data: str) -> int:
            upload = Upload("Checklist.pdf", io.BytesIO(pdf)) if kind == "file" else None
            resource = library_services.add_resource(
                community,  # type: ignore[arg-type]
                by=by,  # type: ignore[arg-type]
                kind=kind,
                data=ResourceData(title="Checklist", **data),
                upload=upload,
            )
            return resource.pk

        ids = {
            "file": add(t.community, t.member, "file"),
            "private_file": add(t.private_community, t.core, "file"),
            "programme": add(None, t.programme_admin, "page", body="How we work."),
        }
        for name, community, by in (
            ("collection", t.community, t.lead),
            ("private_collection", t.private_community, t.lead),
        ):
            ids[name] = library_services.create_collection(community, by=by, title="Toolkit").pk
        t.library_ids = ids  # type: ignore[attr-defined]
    return t.library_ids  # type: ignore[attr-defined,no-any-return]


def resource(name: str, suffix: str = "") -> Callable[[MatrixTests], str]:
    return lambda t: f"/library/{library(t)[name]}/{suffix}"


def collection(name: str, suffix: str = "") -> Callable[[MatrixTests], str]:
    return lambda t: f"/library/collections/{library(t)[name]}/{suffix}"


def sent(suffix: str = "") -> Callable[[MatrixTests], str]:
    return lambda t: f"/value/surveys/{survey(t, sent=True)}/{suffix}"


def draft(suffix: str = "") -> Callable[[MatrixTests], str]:
    return lambda t: f"/value/surveys/{survey(t, sent=False)}/{suffix}"


def draft_question(suffix: str = "") -> Callable[[MatrixTests], str]:
    def url(t: MatrixTests) -> str:
        survey(t, sent=False)
        survey_id, question_id = t.draft_survey
        return f"/value/surveys/{survey_id}/questions/{question_id}/{suffix}"

    return url


def past_event(t: MatrixTests) -> str:
    """An event of the on-request community that ended yesterday, with the member's place at it."""
    if not hasattr(t, "past_event"):
        start = timezone.now() - timedelta(days=1)
        t.past_event = Event.objects.create(
            title="Last week's webinar",
            community=t.community,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
        )
        t.past_event.registrations.create(person=t.member, status="going", attended=True)
    return f"/value/events/{t.past_event.pk}/rating/"


# Who runs a survey of the on-request community, and who sees a draft of it (nobody else: 404).
SURVEY_RUNNERS = {"programme_admin": 200, "lead": 200, "operator": 200}
DRAFT_HIDDEN = {"core": 404, "member": 404, "outsider": 404}
# Value creation: framing (aspirations and uncertainties) at each level, and a community's indicators.
# A community's framing is read by whoever sees its members' area and changed by its leads and the programme team;
# a person's by them alone (404 for anyone else's); a service area's and the organisation's read by everyone and
# changed by the programme team.
EDITS = {"programme_admin": 302, "lead": 302, "operator": 302}
PROGRAMME_EDITS = {"programme_admin": 302, "operator": 302}
MEMBERS_AREA = statuses(200, outsider=403)
PRIVATE_MEMBERS_AREA = statuses(200, member=404, outsider=404)
RISKS_NONE = {"risks-TOTAL_FORMS": "0", "risks-INITIAL_FORMS": "0"}
REVISION = {"title": "Answers within a week", "reason": "We learnt more.", **RISKS_NONE}


def framing_rows(
    prefix: str,
    base: Callable[[MatrixTests], str],
    item: Callable[[MatrixTests, str], int],
    read: dict[str, int],
    create: dict[str, int],
    edit: dict[str, int],
    change: dict[str, int],
) -> dict[str, list[Case]]:
    """One level's rows: `base(t)` is its URL prefix, `item(t, "aspiration" | "uncertainty")` the id of one of its
    own; `read` for its pages, `create` for the forms that add, `edit` for those that change one, and `change`
    for the POSTs that act on one."""

    def at(suffix: str) -> Callable[[MatrixTests], str]:
        return lambda t: base(t) + suffix

    def of(kind: str, suffix: str) -> Callable[[MatrixTests], str]:
        return lambda t: f"{base(t)}{kind}s/{item(t, kind)}/{suffix}".replace("uncertaintys", "uncertainties")

    return {
        f"{prefix}aspirations/new/": [Case("GET", at("aspirations/new/"), create)],
        f"{prefix}aspirations/<int:pk>/edit/": [
            Case("GET", of("aspiration", "edit/"), edit),
            Case("POST", of("aspiration", "edit/"), change, REVISION),
            Case("GET", at("aspirations/999999/edit/"), _not_found(edit)),
        ],
        f"{prefix}aspirations/<int:pk>/history/": [
            Case("GET", of("aspiration", "history/"), read),
            Case("GET", at("aspirations/999999/history/"), _not_found(read)),
        ],
        f"{prefix}aspirations/<int:pk>/set-aside/": [Case("POST", of("aspiration", "set-aside/"), change)],
        f"{prefix}uncertainties/new/": [Case("GET", at("uncertainties/new/"), create)],
        f"{prefix}uncertainties/<int:pk>/edit/": [Case("GET", of("uncertainty", "edit/"), edit)],
        f"{prefix}uncertainties/<int:pk>/resolve/": [
            Case("GET", of("uncertainty", "resolve/"), edit),
            Case("POST", of("uncertainty", "resolve/"), change, {"resolution": "Most of them do."}),
        ],
        # The uncertainty is open, so reopening it is refused (and sent back to the page).
        f"{prefix}uncertainties/<int:pk>/reopen/": [Case("POST", of("uncertainty", "reopen/"), change)],
    }


def _not_found(allowed: dict[str, int]) -> dict[str, int]:
    """An id that is not the level's: 404 for everyone who gets this far, the same refusal otherwise."""
    return {
        name: 404 if status in (200, 302) and name != "anonymous" else status
        for name, status in allowed.items()
    }


def community_framing(t: MatrixTests) -> str:
    return f"/communities/{t.community.slug}/value/"


def area_framing(t: MatrixTests) -> str:
    return f"/areas/{t.area.slug}/value/"


def indicator(suffix: str = "") -> Callable[[MatrixTests], str]:
    return lambda t: f"/communities/{t.community.slug}/value/indicators/{t.adopted_indicator.pk}/{suffix}"


VALUE_MATRIX: dict[str, list[Case]] = {
    "communities/<slug:slug>/value/": [
        Case("GET", fbp("value/"), MEMBERS_AREA),
        Case("GET", lambda t: f"/communities/{t.open_community.slug}/value/", statuses(200)),
        Case("GET", private("value/"), PRIVATE_MEMBERS_AREA),
        Case("GET", lambda t: "/communities/no-such-community/value/", statuses(404)),
    ],
    **framing_rows(
        "communities/<slug:slug>/value/",
        community_framing,
        lambda t, kind: getattr(t, f"community_{kind}").pk,
        read=MEMBERS_AREA,
        create=only(LEADS_ONLY),
        edit=only(LEADS_ONLY),
        change=only(EDITS),
    ),
    "value/aspirations/": [Case("GET", lambda t: "/value/aspirations/", statuses(200))],
    **framing_rows(
        "value/",
        lambda t: "/value/",
        lambda t, kind: getattr(t, f"member_{kind}").pk,
        read=statuses(404, member=200),
        create=statuses(200),
        edit=statuses(404, member=200),
        change=statuses(404, member=302),
    ),
    "value/organisation/aspirations/": [
        Case("GET", lambda t: "/value/organisation/aspirations/", statuses(200))
    ],
    **framing_rows(
        "value/organisation/",
        lambda t: "/value/organisation/",
        lambda t, kind: getattr(t, f"organisation_{kind}").pk,
        read=statuses(200),
        create=only(PROGRAMME_ONLY),
        edit=only(PROGRAMME_ONLY),
        change=only(PROGRAMME_EDITS),
    ),
    "areas/<slug:slug>/value/aspirations/": [
        Case("GET", lambda t: f"/areas/{t.area.slug}/value/aspirations/", statuses(200)),
        Case("GET", lambda t: "/areas/no-such-area/value/aspirations/", statuses(404)),
    ],
    **framing_rows(
        "areas/<slug:slug>/value/",
        area_framing,
        lambda t, kind: getattr(t, f"area_{kind}").pk,
        read=statuses(200),
        create=only(PROGRAMME_ONLY),
        edit=only(PROGRAMME_ONLY),
        change=only(PROGRAMME_EDITS),
    ),
    "communities/<slug:slug>/value/indicators/": [
        Case("GET", fbp("value/indicators/"), MEMBERS_AREA),
        Case("GET", private("value/indicators/"), PRIVATE_MEMBERS_AREA),
    ],
    "communities/<slug:slug>/value/indicators/new/": [
        Case("GET", fbp("value/indicators/new/"), only(LEADS_ONLY)),
        Case("GET", private("value/indicators/new/"), only(LEADS_ONLY, otherwise=404) | {"core": 403}),
    ],
    "communities/<slug:slug>/value/indicators/<int:pk>/": [
        Case("GET", indicator(), MEMBERS_AREA),
        # One the community does not look at.
        Case(
            "GET",
            lambda t: f"/communities/{t.community.slug}/value/indicators/{t.other_indicator.pk}/",
            statuses(404, outsider=403),
        ),
    ],
    "communities/<slug:slug>/value/indicators/<int:pk>/adopt/": [
        Case(
            "POST",
            lambda t: f"/communities/{t.community.slug}/value/indicators/{t.other_indicator.pk}/adopt/",
            only(EDITS),
            {"target": "Ten a term"},
        ),
        Case(
            "POST",
            lambda t: f"/communities/{t.community.slug}/value/indicators/999999/adopt/",
            only({"programme_admin": 404, "lead": 404, "operator": 404}),
        ),
    ],
    "communities/<slug:slug>/value/indicators/<int:pk>/stop/": [
        Case("POST", indicator("stop/"), only(EDITS))
    ],
    "communities/<slug:slug>/value/indicators/<int:pk>/projects/": [
        Case("POST", indicator("projects/"), only(EDITS)),
        # Not a project of the community: the choice is refused and the page says so.
        Case("POST", indicator("projects/"), only(EDITS), {"projects": "999999"}),
    ],
    "communities/<slug:slug>/value/indicators/<int:pk>/target/": [
        Case("POST", indicator("target/"), only(EDITS), {"target": "40 hours a term"})
    ],
    "communities/<slug:slug>/value/indicators/<int:pk>/observations/new/": [
        Case("GET", indicator("observations/new/"), only(LEADS_ONLY)),
        Case(
            "POST",
            indicator("observations/new/"),
            only(EDITS),
            {"period_start": "2025-01-01", "period_end": "2025-01-31", "value": "12"},
        ),
        Case(
            "GET",
            lambda t: (
                f"/communities/{t.community.slug}/value/indicators/{t.other_indicator.pk}/observations/new/"
            ),
            only({"programme_admin": 404, "lead": 404, "operator": 404}),
        ),
    ],
    # The organisation's own observations of the catalogue: everyone reads, the programme team records.
    "value/organisation/indicators/": [
        Case("GET", lambda t: "/value/organisation/indicators/", statuses(200))
    ],
    "value/organisation/indicators/<int:pk>/": [
        Case("GET", lambda t: f"/value/organisation/indicators/{t.other_indicator.pk}/", statuses(200)),
        Case("GET", lambda t: f"/value/organisation/indicators/{t.own_indicator.pk}/", statuses(404)),
    ],
    "value/organisation/indicators/<int:pk>/observations/new/": [
        Case(
            "GET",
            lambda t: f"/value/organisation/indicators/{t.other_indicator.pk}/observations/new/",
            only(PROGRAMME_ONLY),
        ),
        Case(
            "POST",
            lambda t: f"/value/organisation/indicators/{t.other_indicator.pk}/observations/new/",
            only(PROGRAMME_EDITS),
            {"period_start": "2025-01-01", "period_end": "2025-01-31", "value": "3"},
        ),
        Case(
            "GET",
            lambda t: f"/value/organisation/indicators/{t.own_indicator.pk}/observations/new/",
            statuses(404),
        ),
    ],
}


MATRIX: dict[str, list[Case]] = {
    "": [
        Case("GET", lambda t: "/", statuses(200, anonymous=200)),
        Case("GET", lambda t: "/?after=2026-01-01T00:00:00%2B00:00|5|1", statuses(200, anonymous=200)),
        Case("GET", lambda t: "/?after=not-a-cursor", statuses(200, anonymous=200)),
    ],
    "healthz": [Case("GET", lambda t: "/healthz", statuses(200, anonymous=200))],
    "accessibility/": [Case("GET", lambda t: "/accessibility/", statuses(200, anonymous=200))],
    # The organisation's colours: public, because the sign-in page uses them too.
    "brand.css": [Case("GET", lambda t: "/brand.css", statuses(200, anonymous=200))],
    "styleguide/": [Case("GET", lambda t: "/styleguide/", only({"operator": 200}))],
    "me/": [Case("GET", lambda t: "/me/", statuses(200))],
    # Each person's own photo: with no file the form says so; removing one they do not have sends them back.
    "me/photo/": [Case("POST", lambda t: "/me/photo/", statuses(400))],
    "me/photo/remove/": [Case("POST", lambda t: "/me/photo/remove/", statuses(302))],
    "people/<int:pk>/photo/<slug:version>.webp": [
        Case("GET", lambda t: t.member_photo_url, statuses(200)),
        Case("GET", lambda t: f"/people/{t.member.pk}/photo/an-old-version.webp", statuses(404)),
        Case("GET", lambda t: "/people/999999/photo/an-old-version.webp", statuses(404)),
    ],
    "people/<int:pk>/photo/<slug:version>.small.webp": [
        Case("GET", lambda t: t.member_photo_url.removesuffix(".webp") + ".small.webp", statuses(200)),
        Case("GET", lambda t: f"/people/{t.member.pk}/photo/an-old-version.small.webp", statuses(404)),
    ],
    "people/": [
        Case("GET", lambda t: "/people/", statuses(200)),
        Case(
            "GET",
            lambda t: "/people/?q=Mo&department=1&job_family=x&area=finance&community=fbp",
            statuses(200),
        ),
    ],
    "people/<int:pk>/": [
        Case("GET", lambda t: f"/people/{t.member.pk}/", statuses(200)),
        Case("GET", lambda t: "/people/999999/", statuses(404)),
    ],
    "communities/": [Case("GET", lambda t: "/communities/", statuses(200))],
    "communities/propose/": [Case("GET", lambda t: "/communities/propose/", statuses(200))],
    "communities/proposals/": [Case("GET", lambda t: "/communities/proposals/", only(PROGRAMME_ONLY))],
    "communities/<slug:slug>/": [
        Case("GET", fbp(), statuses(200)),
        Case("GET", private(), statuses(200, member=404, outsider=404)),
        Case("GET", lambda t: "/communities/no-such-community/", statuses(404)),
    ],
    "communities/<slug:slug>/join/": [
        Case("POST", fbp("join/"), statuses(302), {"message": "I work on budgets too."}),
        Case("POST", fbp("join/"), statuses(400), {"message": ""}),
        Case("POST", private("join/"), statuses(302, member=404, outsider=404), {"message": "Please"}),
    ],
    "communities/<slug:slug>/withdraw/": [
        Case("POST", fbp("withdraw/"), statuses(302)),
        Case("POST", private("withdraw/"), statuses(302, member=404, outsider=404)),
    ],
    "communities/<slug:slug>/leave/": [
        Case("POST", fbp("leave/"), statuses(302)),
        Case("POST", private("leave/"), statuses(302, member=404, outsider=404)),
    ],
    "communities/<slug:slug>/edit/": [
        Case("GET", fbp("edit/"), only(LEADS_ONLY)),
        Case("GET", private("edit/"), only(LEADS_ONLY, otherwise=404) | {"core": 403}),
    ],
    "communities/<slug:slug>/status/": [
        Case("POST", fbp("status/"), only({"programme_admin": 302, "operator": 302}), {"status": "dormant"}),
        Case(
            "POST",
            private("status/"),
            only({"programme_admin": 302, "operator": 302}, otherwise=404) | {"lead": 403, "core": 403},
            {"status": "dormant"},
        ),
    ],
    "communities/<slug:slug>/review/": [
        Case(
            "POST",
            lambda t: f"/communities/{t.proposal.slug}/review/",
            only({"programme_admin": 302, "operator": 302}, otherwise=404) | {"outsider": 403},
            {"decision": "approve"},
        ),
    ],
    "communities/<slug:slug>/members/": [
        Case("GET", fbp("members/"), statuses(200, outsider=403)),
        Case("GET", fbp("members/?q=Mo&role=member&after=x|1"), statuses(200, outsider=403)),
        Case("GET", lambda t: f"/communities/{t.open_community.slug}/members/", statuses(200)),
        Case("GET", private("members/"), statuses(200, member=404, outsider=404)),
        Case("GET", private("members/?role=core"), statuses(200, member=404, outsider=404)),
    ],
    "communities/<slug:slug>/members/add/": [
        Case(
            "POST",
            fbp("members/add/"),
            only({"programme_admin": 302, "lead": 302, "operator": 302}),
            {"email": "outsider@example.org"},
        ),
        Case(
            "POST",
            private("members/add/"),
            only({"programme_admin": 302, "lead": 302, "operator": 302}, otherwise=404) | {"core": 403},
            {"email": "member@example.org"},
        ),
    ],
    "communities/<slug:slug>/members/<int:membership_id>/role/": [
        Case(
            "POST",
            lambda t: f"/communities/{t.community.slug}/members/{t.member_membership.pk}/role/",
            only({"programme_admin": 302, "lead": 302, "operator": 302}),
            {"role": "core"},
        ),
        Case(
            "POST",
            lambda t: f"/communities/{t.community.slug}/members/999999/role/",
            only({"programme_admin": 404, "lead": 404, "operator": 404}),
            {"role": "core"},
        ),
    ],
    "communities/<slug:slug>/members/<int:membership_id>/remove/": [
        Case(
            "GET",
            lambda t: f"/communities/{t.community.slug}/members/{t.member_membership.pk}/remove/",
            only(LEADS_ONLY),
        ),
        Case(
            "POST",
            lambda t: f"/communities/{t.community.slug}/members/{t.member_membership.pk}/remove/",
            only({"programme_admin": 302, "lead": 302, "operator": 302}),
        ),
    ],
    "communities/<slug:slug>/requests/": [
        Case("GET", fbp("requests/"), only(LEADS_ONLY)),
        Case("GET", private("requests/"), only(LEADS_ONLY, otherwise=404) | {"core": 403}),
    ],
    "communities/<slug:slug>/requests/<int:request_id>/": [
        Case(
            "POST",
            lambda t: f"/communities/{t.community.slug}/requests/{t.join_request.pk}/",
            only({"programme_admin": 302, "lead": 302, "operator": 302}),
            {"decision": "approve"},
        ),
    ],
    # Discussions: read where the members' area is seen (members of on-request communities; all staff when open).
    "communities/<slug:slug>/discussions/": [
        Case("GET", fbp("discussions/"), statuses(200, outsider=403)),
        Case("GET", lambda t: f"/communities/{t.open_community.slug}/discussions/", statuses(200)),
        Case("GET", private("discussions/"), statuses(200, member=404, outsider=404)),
    ],
    "communities/<slug:slug>/discussions/new/": [
        Case("GET", fbp("discussions/new/"), statuses(200, outsider=403)),
        Case(
            "POST",
            fbp("discussions/new/"),
            statuses(302, outsider=403),
            {"kind": "discussion", "title": "Year-end tips", "body": "What worked for you?"},
        ),
        Case(
            "GET",
            lambda t: f"/communities/{t.open_community.slug}/discussions/new/",
            only({"programme_admin": 200, "lead": 200, "operator": 200}),
        ),
    ],
    # `@` suggestions: for the people who may write there; hidden like the community itself.
    "communities/<slug:slug>/discussions/mentions/": [
        Case("GET", fbp("discussions/mentions/?q=mo"), statuses(200, outsider=403)),
        Case(
            "GET",
            lambda t: f"/communities/{t.open_community.slug}/discussions/mentions/?q=mo",
            only({"programme_admin": 200, "lead": 200, "operator": 200}),
        ),
        Case("GET", private("discussions/mentions/?q=le"), statuses(200, member=404, outsider=404)),
        Case("GET", fbp("discussions/mentions/?q=" + "m" * 101), statuses(400, outsider=403)),
    ],
    # "Mark all as read": for whoever may read the discussions; a POST only.
    "communities/<slug:slug>/discussions/read/": [
        Case("POST", fbp("discussions/read/"), statuses(302, outsider=403)),
        Case("POST", lambda t: f"/communities/{t.open_community.slug}/discussions/read/", statuses(302)),
        Case("POST", private("discussions/read/"), statuses(302, member=404, outsider=404)),
        Case("POST", lambda t: "/communities/no-such-community/discussions/read/", statuses(404)),
        Case("GET", fbp("discussions/read/"), statuses(405)),
    ],
    "communities/<slug:slug>/discussions/<int:thread_id>/": [
        Case("GET", lambda t: t.thread.get_absolute_url(), statuses(200, outsider=403)),
        Case("GET", fbp("discussions/999999/"), statuses(404, outsider=403)),
    ],
    "communities/<slug:slug>/discussions/<int:thread_id>/reply/": [
        Case(
            "POST",
            lambda t: f"{t.thread.get_absolute_url()}reply/",
            statuses(302, outsider=403),
            {"body": "Me too"},
        ),
    ],
    # Files attached to posts go with their post: read by whoever reads the thread, a hidden post's only by the
    # community's moderators; shown at their own address only, and only by GET.
    "communities/<slug:slug>/discussions/<int:thread_id>/attachments/<int:attachment_id>/<str:filename>": [
        Case("GET", lambda t: t.post_files[0].get_absolute_url(), statuses(200, outsider=403)),
        Case("GET", lambda t: t.post_files[1].get_absolute_url(), statuses(200, outsider=403)),
        Case("GET", lambda t: t.open_file.get_absolute_url(), statuses(200)),
        Case("GET", lambda t: t.private_file.get_absolute_url(), statuses(200, member=404, outsider=404)),
        Case(
            "GET",
            lambda t: t.hidden_file.get_absolute_url(),
            statuses(404, programme_admin=200, lead=200, core=200, operator=200, outsider=403),
        ),
        Case(
            "GET",
            lambda t: t.post_files[0].get_absolute_url().replace("Agenda.pdf", "Other.pdf"),
            statuses(404, outsider=403),
        ),
        Case(
            "GET",
            lambda t: f"{t.help_thread.get_absolute_url()}attachments/{t.post_files[0].pk}/Agenda.pdf",
            statuses(404, outsider=403),
        ),
        Case("POST", lambda t: t.post_files[0].get_absolute_url(), statuses(405)),
    ],
    "communities/<slug:slug>/discussions/<int:thread_id>/accept/<int:post_id>/": [
        Case(
            "POST",
            lambda t: f"{t.help_thread.get_absolute_url()}accept/{t.help_reply.pk}/",
            statuses(302, core=403, outsider=403),
        ),
    ],
    # Moderation: leads, core members and the programme team.
    "communities/<slug:slug>/discussions/<int:thread_id>/moderate/": [
        Case(
            "POST",
            lambda t: f"{t.thread.get_absolute_url()}moderate/",
            statuses(302, member=403, outsider=403),
            {"action": "lock"},
        ),
    ],
    "communities/<slug:slug>/discussions/<int:thread_id>/move/": [
        Case(
            "POST",
            lambda t: f"{t.thread.get_absolute_url()}move/",
            statuses(302, member=403, outsider=403),
            {"to": "spreadsheets"},
        ),
    ],
    "communities/<slug:slug>/discussions/<int:thread_id>/subscription/": [
        Case(
            "POST",
            lambda t: f"{t.thread.get_absolute_url()}subscription/",
            statuses(302, outsider=403),
            {"state": "muted"},
        ),
    ],
    "communities/<slug:slug>/discussions/subscription/": [
        Case("POST", fbp("discussions/subscription/"), statuses(302, outsider=403), {"state": "following"}),
        Case(
            "POST",
            private("discussions/subscription/"),
            statuses(302, member=404, outsider=404),
            {"state": "following"},
        ),
    ],
    "communities/<slug:slug>/moderation/": [
        Case("GET", fbp("moderation/"), statuses(200, member=403, outsider=403)),
        Case("GET", private("moderation/"), statuses(200, member=404, outsider=404)),
    ],
    "posts/<int:post_id>/flag/": [
        Case("GET", lambda t: f"/posts/{t.help_reply.pk}/flag/", statuses(200, outsider=404)),
        Case(
            "POST",
            lambda t: f"/posts/{t.help_reply.pk}/flag/",
            statuses(302, outsider=404),
            {"reason": "Rude"},
        ),
    ],
    "posts/<int:post_id>/hide/": [
        Case("GET", lambda t: f"/posts/{t.help_reply.pk}/hide/", statuses(200, member=403, outsider=404)),
        Case(
            "POST",
            lambda t: f"/posts/{t.help_reply.pk}/hide/",
            statuses(302, member=403, outsider=404),
            {"reason": "Off topic"},
        ),
    ],
    "posts/<int:post_id>/restore/": [
        Case("POST", lambda t: f"/posts/{t.help_reply.pk}/restore/", statuses(302, member=403, outsider=404)),
    ],
    "posts/<int:post_id>/dismiss/": [
        Case("POST", lambda t: f"/posts/{t.help_reply.pk}/dismiss/", statuses(302, member=403, outsider=404)),
    ],
    "posts/<int:post_id>/edit/": [
        Case("GET", lambda t: f"/posts/{t.help_reply.pk}/edit/", statuses(403, core=200, outsider=404)),
    ],
    "posts/<int:post_id>/delete/": [
        Case("POST", lambda t: f"/posts/{t.help_reply.pk}/delete/", statuses(403, core=302, outsider=404)),
    ],
    "posts/<int:post_id>/react/": [
        Case(
            "POST",
            lambda t: f"/posts/{t.help_reply.pk}/react/",
            statuses(302, outsider=404),
            {"kind": "helpful"},
        ),
        Case("POST", lambda t: "/posts/999999/react/", statuses(404), {"kind": "helpful"}),
    ],
    "help/": [Case("GET", lambda t: "/help/", statuses(200))],
    # Events: seen where their community is seen; the audience decides who takes a place.
    "events/": [
        Case("GET", lambda t: "/events/", statuses(200)),
        Case("GET", lambda t: "/events/?when=past", statuses(200)),
    ],
    "news/": [
        Case("GET", lambda t: "/news/", statuses(200, anonymous=200)),
        Case("GET", lambda t: "/news/?after=garbage", statuses(200, anonymous=200)),
    ],
    "news/feed.atom": [Case("GET", lambda t: "/news/feed.atom", statuses(200, anonymous=200))],
    "news/new/": [
        Case("GET", lambda t: "/news/new/", only(PROGRAMME_ONLY)),
        Case("GET", lambda t: f"/news/new/?community={t.community.slug}", only(LEADS_ONLY)),
        Case(
            "GET",
            lambda t: f"/news/new/?community={t.private_community.slug}",
            only(LEADS_ONLY | HIDDEN_PRIVATE),
        ),
        Case("POST", lambda t: "/news/new/", only({"programme_admin": 400, "operator": 400})),
    ],
    "news/drafts/": [Case("GET", lambda t: "/news/drafts/", statuses(200))],
    "news/<int:post_id>/": [
        Case("GET", lambda t: f"/news/{t.public_news.pk}/", statuses(200, anonymous=200)),
        Case("GET", lambda t: f"/news/{t.staff_news.pk}/", statuses(200)),
        Case("GET", lambda t: f"/news/{t.private_news.pk}/", statuses(200, **HIDDEN_PRIVATE)),
        Case("GET", lambda t: f"/news/{t.scheduled_news.pk}/", only(LEADS_ONLY, otherwise=404)),
        Case("GET", lambda t: "/news/999999/", statuses(404)),
    ],
    "news/<int:post_id>/edit/": [
        Case("GET", lambda t: f"/news/{t.public_news.pk}/edit/", only(PROGRAMME_ONLY)),
        Case("GET", lambda t: f"/news/{t.community_news.pk}/edit/", only(LEADS_ONLY)),
        Case("GET", lambda t: f"/news/{t.private_news.pk}/edit/", only(LEADS_ONLY | HIDDEN_PRIVATE)),
        Case(
            "POST",
            lambda t: f"/news/{t.community_news.pk}/edit/",
            only({"programme_admin": 400, "lead": 400, "operator": 400}),
        ),
    ],
    # A post's picture (and its small copy) goes to whoever may see the post, signed out too for public posts;
    # anyone else, and an old version, gets a 404.
    **{
        f"news/<int:post_id>/picture/<slug:version>{suffix}": [
            Case("GET", picture_of("public_news", suffix), statuses(200, anonymous=200)),
            Case("GET", picture_of("staff_news", suffix), statuses(200, anonymous=404)),
            Case("GET", picture_of("private_news", suffix), statuses(200, anonymous=404, **HIDDEN_PRIVATE)),
            Case("GET", picture_of("scheduled_news", suffix), only(LEADS_ONLY, otherwise=404, anonymous=404)),
            Case(
                "GET",
                lambda t, suffix=suffix: f"/news/{t.public_news.pk}/picture/an-old-version{suffix}",
                statuses(404, anonymous=404),
            ),
            Case(
                "GET",
                lambda t, suffix=suffix: f"/news/999999/picture/an-old-version{suffix}",
                statuses(404, anonymous=404),
            ),
        ]
        for suffix in (".webp", ".small.webp")
    },
    "events/<int:event_id>/": [
        Case("GET", lambda t: f"/events/{t.event.pk}/", statuses(200)),
        Case("GET", lambda t: f"/events/{t.private_event.pk}/", statuses(200, member=404, outsider=404)),
        Case("GET", lambda t: "/events/999999/", statuses(404)),
    ],
    "events/<int:event_id>/register/": [
        Case("POST", lambda t: f"/events/{t.event.pk}/register/", statuses(302, outsider=403)),
        Case(
            "POST",
            lambda t: f"/events/{t.private_event.pk}/register/",
            statuses(302, member=404, outsider=404),
        ),
    ],
    "events/<int:event_id>/cancel-registration/": [
        Case("POST", lambda t: f"/events/{t.event.pk}/cancel-registration/", statuses(302)),
        Case(
            "POST",
            lambda t: f"/events/{t.private_event.pk}/cancel-registration/",
            statuses(302, member=404, outsider=404),
        ),
    ],
    "events/month/": [
        Case("GET", lambda t: "/events/month/", statuses(200)),
        Case("GET", lambda t: "/events/month/?month=2026-13&community=nowhere", statuses(200)),
    ],
    # Projects: one of the on-request community the member owns, one of the private community the core member owns.
    "library/": [
        Case("GET", lambda t: "/library/", statuses(200)),
        Case("GET", lambda t: "/library/?kind=nonsense&community=nowhere&best=on&after=bad", statuses(200)),
    ],
    "library/new/": [
        Case("GET", lambda t: "/library/new/?kind=file&community=fbp", statuses(200, outsider=403)),
        Case(
            "GET",
            lambda t: "/library/new/?kind=page&community=budget-circle",
            statuses(200, **HIDDEN_PRIVATE),
        ),
        Case("GET", lambda t: "/library/new/?kind=link", only(PROGRAMME_ONLY)),
        # Nothing filled in: the form says what is missing.
        Case("POST", lambda t: "/library/new/?kind=link&community=fbp", statuses(400, outsider=403)),
    ],
    "library/<int:resource_id>/": [
        Case("GET", resource("file"), statuses(200, outsider=404)),
        Case("GET", resource("private_file"), statuses(200, **HIDDEN_PRIVATE)),
        Case("GET", resource("programme"), statuses(200)),
        Case("GET", lambda t: "/library/999999/", statuses(404)),
    ],
    "library/<int:resource_id>/edit/": [
        # The member added it; the community's lead and the programme team curate it; the core member may not.
        Case("GET", resource("file", "edit/"), statuses(200, core=403, outsider=404)),
        Case("GET", resource("private_file", "edit/"), statuses(200, **HIDDEN_PRIVATE)),
        Case("GET", resource("programme", "edit/"), only(PROGRAMME_ONLY)),
        Case("POST", resource("file", "edit/"), statuses(400, core=403, outsider=404)),
    ],
    "library/<int:resource_id>/versions/": [
        # No file chosen: the page says so.
        Case("POST", resource("file", "versions/"), statuses(400, core=403, outsider=404)),
        Case("POST", resource("private_file", "versions/"), statuses(400, **HIDDEN_PRIVATE)),
    ],
    "library/<int:resource_id>/best-practice/": [
        Case("POST", resource("file", "best-practice/"), only({**REDIRECTED, "outsider": 404})),
        Case("POST", resource("private_file", "best-practice/"), only({**REDIRECTED, **HIDDEN_PRIVATE})),
    ],
    "library/<int:resource_id>/files/<int:version>/<str:filename>": [
        Case("GET", resource("file", "files/1/Checklist.pdf"), statuses(200, outsider=404)),
        Case("GET", resource("private_file", "files/1/Checklist.pdf"), statuses(200, **HIDDEN_PRIVATE)),
        Case("GET", resource("file", "files/2/Checklist.pdf"), statuses(404)),
        Case("GET", resource("programme", "files/1/Checklist.pdf"), statuses(404)),
    ],
    "library/collections/new/": [
        Case("GET", lambda t: "/library/collections/new/?community=fbp", only(LEADS_ONLY)),
        Case(
            "GET",
            lambda t: "/library/collections/new/?community=budget-circle",
            only({**LEADS_ONLY, **HIDDEN_PRIVATE}),
        ),
        Case("GET", lambda t: "/library/collections/new/", only(PROGRAMME_ONLY)),
        Case(
            "POST",
            lambda t: "/library/collections/new/?community=fbp",
            only({"programme_admin": 400, "lead": 400, "operator": 400}),
        ),
    ],
    "library/collections/<int:collection_id>/": [
        Case("GET", collection("collection"), statuses(200, outsider=404)),
        Case("GET", collection("private_collection"), statuses(200, **HIDDEN_PRIVATE)),
        Case("GET", lambda t: "/library/collections/999999/", statuses(404)),
    ],
    "library/collections/<int:collection_id>/edit/": [
        Case("GET", collection("collection", "edit/"), only({**LEADS_ONLY, "outsider": 404})),
        Case("GET", collection("private_collection", "edit/"), only({**LEADS_ONLY, **HIDDEN_PRIVATE})),
    ],
    "communities/<slug:slug>/library/": [
        Case("GET", fbp("library/"), statuses(200, outsider=403)),
        Case("GET", private("library/"), statuses(200, **HIDDEN_PRIVATE)),
        Case("GET", lambda t: "/communities/spreadsheets/library/?kind=file&tag=x", statuses(200)),
    ],
    "communities/<slug:slug>/discussions/<int:thread_id>/save-to-library/": [
        Case(
            "GET",
            lambda t: f"{t.help_thread.get_absolute_url()}save-to-library/",
            statuses(200, outsider=403),
        ),
        Case(
            "POST",
            lambda t: f"{t.help_thread.get_absolute_url()}save-to-library/",
            statuses(400, outsider=403),
        ),
    ],
    "projects/": [
        Case("GET", lambda t: "/projects/", statuses(200)),
        Case("GET", lambda t: "/projects/?status=nonsense&after=bad", statuses(200)),
    ],
    "projects/new/": [
        Case(
            "GET", lambda t: "/projects/new/?community=fbp", only({"lead": 200, "core": 200, "member": 200})
        ),
        Case(
            "GET",
            lambda t: "/projects/new/?community=budget-circle",
            only({"lead": 200, "core": 200}) | HIDDEN_PRIVATE,
        ),
        Case("GET", lambda t: "/projects/new/", statuses(404)),
        Case(
            "POST",
            lambda t: "/projects/new/?community=fbp",
            only({"lead": 400, "core": 400, "member": 400}),
            {"title": ""},
        ),
    ],
    "projects/<int:project_id>/": [
        Case("GET", lambda t: f"/projects/{t.project.pk}/", statuses(200, outsider=404)),
        Case("GET", lambda t: f"/projects/{t.private_project.pk}/", statuses(200, **HIDDEN_PRIVATE)),
        Case("GET", lambda t: "/projects/999999/", statuses(404)),
    ],
    "projects/<int:project_id>/edit/": [
        Case("GET", lambda t: f"/projects/{t.project.pk}/edit/", statuses(200, core=403, outsider=404)),
        Case("GET", lambda t: f"/projects/{t.private_project.pk}/edit/", statuses(200, **HIDDEN_PRIVATE)),
        Case(
            "POST",
            lambda t: f"/projects/{t.project.pk}/edit/",
            statuses(400, core=403, outsider=404),
            {"title": ""},
        ),
    ],
    "projects/<int:project_id>/updates/": [
        Case(
            "POST",
            lambda t: f"/projects/{t.project.pk}/updates/",
            statuses(302, core=403, outsider=404),
            {"body": "Two weeks in."},
        ),
        Case(
            "POST",
            lambda t: f"/projects/{t.private_project.pk}/updates/",
            statuses(302, **HIDDEN_PRIVATE),
            {"body": "Two weeks in."},
        ),
    ],
    "projects/<int:project_id>/attachments/<int:attachment_id>/<str:filename>": [
        Case("GET", lambda t: t.update_files[0].get_absolute_url(), statuses(200, outsider=404)),
        Case("GET", lambda t: t.update_files[1].get_absolute_url(), statuses(200, outsider=404)),
        Case("GET", lambda t: t.private_update_file.get_absolute_url(), statuses(200, **HIDDEN_PRIVATE)),
        Case(
            "GET",
            lambda t: f"/projects/{t.project.pk}/attachments/{t.private_update_file.pk}/Budget.pdf",
            statuses(404, outsider=404),
        ),
        Case("GET", lambda t: "/projects/999999/attachments/1/Budget.pdf", statuses(404)),
        Case("POST", lambda t: t.update_files[0].get_absolute_url(), statuses(405)),
    ],
    "projects/<int:project_id>/follow/": [
        Case("POST", lambda t: f"/projects/{t.project.pk}/follow/", statuses(302, outsider=404)),
        Case("POST", lambda t: f"/projects/{t.private_project.pk}/follow/", statuses(302, **HIDDEN_PRIVATE)),
    ],
    "communities/<slug:slug>/projects/": [
        Case("GET", fbp("projects/"), statuses(200, outsider=403)),
        Case("GET", private("projects/"), statuses(200, **HIDDEN_PRIVATE)),
        Case("GET", lambda t: "/communities/spreadsheets/projects/", statuses(200)),
    ],
    "events/new/": [
        Case("GET", lambda t: "/events/new/", only(LEADS_ONLY)),
        Case("POST", lambda t: "/events/new/", only(dict.fromkeys(LEADS_ONLY, 400)), {"title": ""}),
    ],
    "events/<int:event_id>/edit/": [
        Case("GET", lambda t: f"/events/{t.event.pk}/edit/", only(LEADS_ONLY)),
        Case("GET", lambda t: f"/events/{t.private_event.pk}/edit/", only(LEADS_ONLY) | HIDDEN_PRIVATE),
        Case(
            "POST",
            lambda t: f"/events/{t.event.pk}/edit/",
            only(dict.fromkeys(LEADS_ONLY, 400)),
            {"title": ""},
        ),
    ],
    "events/<int:event_id>/cancel/": [
        Case("GET", lambda t: f"/events/{t.event.pk}/cancel/", only(LEADS_ONLY)),
        Case("GET", lambda t: f"/events/{t.private_event.pk}/cancel/", only(LEADS_ONLY) | HIDDEN_PRIVATE),
        Case("POST", lambda t: f"/events/{t.event.pk}/cancel/", only(REDIRECTED), {"reason": "Snow."}),
    ],
    "events/<int:event_id>/attendance/": [
        Case("GET", lambda t: f"/events/{t.event.pk}/attendance/", only(LEADS_ONLY)),
        Case("GET", lambda t: f"/events/{t.private_event.pk}/attendance/", only(LEADS_ONLY) | HIDDEN_PRIVATE),
        Case("POST", lambda t: f"/events/{t.event.pk}/attendance/", only(REDIRECTED)),
    ],
    "events/<int:event_id>/follow-up/": [
        Case("GET", lambda t: f"/events/{t.event.pk}/follow-up/", only(LEADS_ONLY)),
        Case("GET", lambda t: f"/events/{t.private_event.pk}/follow-up/", only(LEADS_ONLY) | HIDDEN_PRIVATE),
        Case("POST", lambda t: f"/events/{t.event.pk}/follow-up/", only(dict.fromkeys(LEADS_ONLY, 400))),
    ],
    # Calendars: a session, or the person's secret key for the apps that cannot sign in.
    "events/<int:event_id>/event.ics": [
        Case("GET", lambda t: f"/events/{t.event.pk}/event.ics", statuses(200)),
        Case("GET", lambda t: f"/events/{t.private_event.pk}/event.ics", statuses(200) | HIDDEN_PRIVATE),
    ],
    "events/programme.ics": [
        Case("GET", lambda t: "/events/programme.ics", statuses(200)),
        Case("GET", lambda t: f"/events/programme.ics?key={t.calendar_key}", statuses(200, anonymous=200)),
        Case("GET", lambda t: "/events/programme.ics?key=revoked", statuses(404, anonymous=404)),
    ],
    "communities/<slug:slug>/events.ics": [
        Case("GET", fbp("events.ics"), statuses(200)),
        Case("GET", private("events.ics"), statuses(200) | HIDDEN_PRIVATE),
        Case("GET", lambda t: f"{fbp('events.ics')(t)}?key={t.calendar_key}", statuses(200, anonymous=200)),
        Case(
            "GET", lambda t: f"{private('events.ics')(t)}?key={t.calendar_key}", statuses(404, anonymous=404)
        ),
    ],
    "communities/<slug:slug>/events/": [
        Case("GET", fbp("events/"), statuses(200)),
        Case("GET", lambda t: f"/communities/{t.open_community.slug}/events/", statuses(200)),
        Case("GET", private("events/"), statuses(200) | HIDDEN_PRIVATE),
        Case("GET", lambda t: "/communities/no-such-community/events/", statuses(404)),
    ],
    "events/feed/<str:key>.ics": [
        Case("GET", lambda t: f"/events/feed/{t.calendar_key}.ics", statuses(200, anonymous=200)),
        Case("GET", lambda t: "/events/feed/not-a-key.ics", statuses(404, anonymous=404)),
    ],
    "events/calendars/": [
        Case("GET", lambda t: "/events/calendars/", statuses(200)),
        Case("POST", lambda t: "/events/calendars/", statuses(302), {"action": "create"}),
        Case("POST", lambda t: "/events/calendars/", statuses(400), {"action": "explode"}),
    ],
    # Notifications: each person's own. The unsubscribe link is public: its signed token is the permission.
    "notifications/": [Case("GET", lambda t: "/notifications/", statuses(200))],
    "notifications/read/": [Case("POST", lambda t: "/notifications/read/", statuses(302))],
    "notifications/<int:notification_id>/open/": [
        Case("GET", members_notification, statuses(404, member=302)),
        Case("GET", lambda t: "/notifications/999999/open/", statuses(404)),
    ],
    "notifications/unsubscribe/<str:token>/": [
        Case("GET", unsubscribe, statuses(200, anonymous=200)),
        Case("POST", unsubscribe, statuses(200, anonymous=200), {"List-Unsubscribe": "One-Click"}),
        Case("GET", lambda t: "/notifications/unsubscribe/not-a-token/", statuses(404, anonymous=404)),
    ],
    "me/notifications/": [
        Case("GET", lambda t: "/me/notifications/", statuses(200)),
        Case("POST", lambda t: "/me/notifications/", statuses(400), {"mentions": "hourly"}),
    ],
    "areas/": [Case("GET", lambda t: "/areas/", statuses(200))],
    "areas/new/": [Case("GET", lambda t: "/areas/new/", only(PROGRAMME_ONLY))],
    "areas/<slug:slug>/": [Case("GET", lambda t: f"/areas/{t.area.slug}/", statuses(200))],
    "areas/<slug:slug>/edit/": [Case("GET", lambda t: f"/areas/{t.area.slug}/edit/", only(PROGRAMME_ONLY))],
    # Value creation: the framework's own pages.
    "value/how/": [Case("GET", lambda t: "/value/how/", statuses(200))],
    "value/cycles/": [Case("GET", lambda t: "/value/cycles/", only(PROGRAMME_ONLY))],
    # Stories: the member's own (read by the community's leads and the programme team), and one the lead wrote on
    # the member's behalf (read by the two of them alone until the member confirms it).
    "value/stories/new/": [
        Case("GET", lambda t: "/value/stories/new/", statuses(200)),
        Case("GET", lambda t: f"/value/stories/new/?project={t.project.pk}", statuses(200, outsider=404)),
        Case(
            "GET",
            lambda t: f"/value/stories/new/?project={t.private_project.pk}",
            statuses(200, **HIDDEN_PRIVATE),
        ),
        Case("GET", lambda t: f"/value/stories/new/?thread={t.thread.pk}", statuses(200, outsider=404)),
        Case("GET", lambda t: "/value/stories/new/?thread=999999", statuses(404)),
        Case(
            "GET",
            lambda t: f"/value/stories/new/?event={t.private_event.pk}",
            statuses(200, **HIDDEN_PRIVATE),
        ),
        Case("GET", lambda t: "/value/stories/new/?on_behalf=1", only(LEADS_ONLY)),
        Case(
            "GET",
            lambda t: f"/value/stories/new/?follows={t.story.pk}",
            statuses(403, core=404, outsider=404, member=200),
        ),
        Case("POST", lambda t: "/value/stories/new/", statuses(400)),
    ],
    "value/stories/<int:story_id>/": [
        Case("GET", lambda t: f"/value/stories/{t.story.pk}/", statuses(200, core=404, outsider=404)),
        Case(
            "GET",
            lambda t: f"/value/stories/{t.on_behalf_story.pk}/",
            only({"lead": 200, "member": 200}, 404),
        ),
        Case("GET", lambda t: "/value/stories/999999/", statuses(404)),
    ],
    "value/stories/<int:story_id>/edit/": [
        Case(
            "GET",
            lambda t: f"/value/stories/{t.story.pk}/edit/",
            statuses(403, core=404, outsider=404, member=200),
        ),
        Case(
            "GET",
            lambda t: f"/value/stories/{t.on_behalf_story.pk}/edit/",
            only({"lead": 200, "member": 200}, 404),
        ),
    ],
    "value/stories/<int:story_id>/confirm/": [
        Case(
            "POST",
            lambda t: f"/value/stories/{t.on_behalf_story.pk}/confirm/",
            only({"lead": 403, "member": 302}, 404),
        ),
        Case(
            "POST", lambda t: f"/value/stories/{t.story.pk}/confirm/", statuses(403, core=404, outsider=404)
        ),
    ],
    "value/stories/<int:story_id>/consent/": [
        # The teller alone says who may read the story; those who may read it but are not the teller get 403.
        Case(
            "POST",
            lambda t: f"/value/stories/{t.story.pk}/consent/",
            statuses(403, member=302, core=404, outsider=404),
            {"audience": "community", "may_quote": "on"},
        ),
    ],
    "value/stories/<int:story_id>/review/": [
        Case(
            "POST",
            lambda t: f"/value/stories/{t.story.pk}/review/",
            statuses(302, core=404, outsider=404, member=403),
            data={"action": "ready"},
        ),
        Case(
            "POST",
            lambda t: f"/value/stories/{t.on_behalf_story.pk}/review/",
            only({"lead": 403, "member": 403}, 404),
            data={"action": "ready"},
        ),
    ],
    "communities/<slug:slug>/value/stories/": [
        Case("GET", fbp("value/stories/"), only(LEADS_ONLY)),
        Case("GET", private("value/stories/"), statuses(403, **LEADS_ONLY, **HIDDEN_PRIVATE)),
    ],
    "value/cycles/<slug:key>/": [
        Case("GET", lambda t: "/value/cycles/applied/", only(PROGRAMME_ONLY)),
        Case("GET", lambda t: "/value/cycles/no-such-cycle/", statuses(404)),
        Case(
            "POST",
            lambda t: "/value/cycles/applied/",
            only({"programme_admin": 302, "operator": 302}),
            data={"name": "Applied value", "description": "Put to use.", "question": "What changed?"},
        ),
    ],
    # Value creation: surveys.
    "communities/<slug:slug>/value/surveys/": [
        Case("GET", fbp("value/surveys/"), statuses(200)),
        Case("GET", private("value/surveys/"), statuses(200, **HIDDEN_PRIVATE)),
    ],
    "communities/<slug:slug>/value/surveys/new/": [
        Case("GET", fbp("value/surveys/new/"), only(SURVEY_RUNNERS)),
        Case("GET", private("value/surveys/new/"), only(SURVEY_RUNNERS) | HIDDEN_PRIVATE),
        Case("POST", fbp("value/surveys/new/"), only(dict.fromkeys(SURVEY_RUNNERS, 400)), {"title": ""}),
    ],
    "value/surveys/": [Case("GET", lambda t: "/value/surveys/", statuses(200))],
    "value/surveys/new/": [Case("GET", lambda t: "/value/surveys/new/", only(PROGRAMME_ONLY))],
    "value/surveys/<int:survey_id>/": [
        Case("GET", sent(), statuses(200, outsider=404)),
        Case("GET", draft(), statuses(200, **DRAFT_HIDDEN)),
        Case("GET", lambda t: "/value/surveys/999999/", statuses(404)),
        # Answering: the members (an empty form is sent back with its message); the programme team sees it
        # but is not asked (403).
        Case("POST", sent(), statuses(400, programme_admin=403, operator=403, outsider=404)),
    ],
    "value/surveys/<int:survey_id>/manage/": [
        Case("GET", sent("manage/"), only(SURVEY_RUNNERS) | {"outsider": 404}),
        Case("GET", draft("manage/"), only(SURVEY_RUNNERS) | DRAFT_HIDDEN),
    ],
    "value/surveys/<int:survey_id>/edit/": [
        Case("GET", draft("edit/"), only(SURVEY_RUNNERS) | DRAFT_HIDDEN),
        Case("GET", sent("edit/"), only(dict.fromkeys(SURVEY_RUNNERS, 302)) | {"outsider": 404}),
    ],
    "value/surveys/<int:survey_id>/send/": [
        Case("POST", draft("send/"), only(dict.fromkeys(SURVEY_RUNNERS, 302)) | DRAFT_HIDDEN),
    ],
    "value/surveys/<int:survey_id>/close/": [
        Case("POST", sent("close/"), only(dict.fromkeys(SURVEY_RUNNERS, 302)) | {"outsider": 404}),
    ],
    "value/surveys/<int:survey_id>/questions/new/": [
        Case("GET", draft("questions/new/"), only(SURVEY_RUNNERS) | DRAFT_HIDDEN),
        Case(
            "POST",
            draft("questions/new/"),
            only(dict.fromkeys(SURVEY_RUNNERS, 400)) | DRAFT_HIDDEN,
            {"text": "", "kind": "scale"},
        ),
    ],
    "value/surveys/<int:survey_id>/questions/<int:question_id>/": [
        Case("GET", draft_question(), only(SURVEY_RUNNERS) | DRAFT_HIDDEN),
    ],
    "value/surveys/<int:survey_id>/questions/<int:question_id>/remove/": [
        Case("POST", draft_question("remove/"), only(dict.fromkeys(SURVEY_RUNNERS, 302)) | DRAFT_HIDDEN),
    ],
    "value/surveys/<int:survey_id>/questions/<int:question_id>/move/": [
        Case(
            "POST",
            draft_question("move/"),
            only(dict.fromkeys(SURVEY_RUNNERS, 302)) | DRAFT_HIDDEN,
            {"direction": "down"},
        ),
    ],
    "value/events/<int:event_id>/rating/": [
        Case("POST", past_event, only(dict.fromkeys(SURVEY_RUNNERS, 302))),
        Case("POST", lambda t: "/value/events/999999/rating/", statuses(404)),
    ],
    **VALUE_MATRIX,
    # Value creation: reports. A community's is read in its members' area; a service area's by the programme team
    # and the leads of its communities; the organisation's by the programme team; My value by everyone.
    "communities/<slug:slug>/value/report/": [
        Case("GET", fbp("value/report/"), statuses(200, outsider=403)),
        Case("GET", private("value/report/"), statuses(200, member=404, outsider=404)),
        Case("GET", lambda t: f"/communities/{t.open_community.slug}/value/report/", statuses(200)),
        Case("GET", fbp("value/report/?format=csv&table=matrix"), statuses(200, outsider=403)),
        Case("GET", fbp("value/report/?format=csv&table=nothing"), statuses(404, outsider=403)),
        Case("GET", fbp("value/report/?start=2026-13&end=x"), statuses(200, outsider=403)),
        Case("GET", lambda t: "/communities/no-such-community/value/report/", statuses(404)),
    ],
    "areas/<slug:slug>/value/": [
        Case("GET", lambda t: f"/areas/{t.area.slug}/value/", only(LEADS_ONLY)),
        Case("GET", lambda t: f"/areas/{t.area.slug}/value/?format=csv&table=stories", only(LEADS_ONLY)),
        Case("GET", lambda t: "/areas/no-such-area/value/", statuses(404)),
    ],
    "value/reports/organisation/": [
        Case("GET", lambda t: "/value/reports/organisation/", only(PROGRAMME_ONLY)),
        Case("GET", lambda t: "/value/reports/organisation/?format=csv&table=matrix", only(PROGRAMME_ONLY)),
        Case("GET", lambda t: "/value/reports/organisation/?start=banana", only(PROGRAMME_ONLY)),
    ],
    "value/": [
        Case("GET", lambda t: "/value/", statuses(200)),
        Case("GET", lambda t: "/value/?format=csv&table=my-stories", statuses(200)),
    ],
    # django-allauth. Sign-up is closed, so its page says so; signed-in people are sent on from sign-in pages.
    "accounts/login/": [Case("GET", lambda t: "/accounts/login/", statuses(302, anonymous=200))],
    "accounts/logout/": [Case("GET", lambda t: "/accounts/logout/", statuses(200, anonymous=302))],
    "accounts/inactive/": [Case("GET", lambda t: "/accounts/inactive/", statuses(200, anonymous=200))],
    "accounts/signup/": [Case("GET", lambda t: "/accounts/signup/", statuses(302, anonymous=200))],
    "accounts/reauthenticate/": [Case("GET", lambda t: "/accounts/reauthenticate/", statuses(200))],
    # Sign-in codes are off, so these send people back to the password page.
    "accounts/reauthenticate/code/": [Case("GET", lambda t: "/accounts/reauthenticate/code/", statuses(302))],
    "accounts/reauthenticate/code/confirm/": [
        Case("GET", lambda t: "/accounts/reauthenticate/code/confirm/", statuses(302))
    ],
    # Shadowed: email addresses come from HR, so this sends people to their profile.
    "accounts/email/": [Case("GET", lambda t: "/accounts/email/", statuses(302))],
    "accounts/confirm-email/": [
        Case("GET", lambda t: "/accounts/confirm-email/", statuses(200, anonymous=200))
    ],
    "accounts/password/change/": [Case("GET", lambda t: "/accounts/password/change/", statuses(200))],
    "accounts/password/set/": [Case("GET", lambda t: "/accounts/password/set/", statuses(302))],
    "accounts/password/reset/": [
        Case("GET", lambda t: "/accounts/password/reset/", statuses(200, anonymous=200))
    ],
    "accounts/login/code/confirm/": [
        Case("GET", lambda t: "/accounts/login/code/confirm/", statuses(302, anonymous=302))
    ],
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": [
        Case("GET", lambda t: "/accounts/confirm-email/not-a-key/", statuses(200, anonymous=200))
    ],
    "accounts/password/reset/key/done/": [
        Case("GET", lambda t: "/accounts/password/reset/key/done/", statuses(200, anonymous=200))
    ],
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": [
        Case("GET", lambda t: "/accounts/password/reset/key/1-not-a-key/", statuses(200, anonymous=200))
    ],
    "accounts/password/reset/done/": [
        Case("GET", lambda t: "/accounts/password/reset/done/", statuses(200, anonymous=200))
    ],
    "admin/": [Case("GET", lambda t: "/admin/", statuses(302, anonymous=302, operator=200))],
}


def _pdf(name: str = "Agenda.pdf") -> AttachmentData:
    return AttachmentData(name, io.BytesIO(demo_files.pdf(name, ["A line of text."])))


def _png(name: str = "Chart.png") -> AttachmentData:
    return AttachmentData(name, io.BytesIO(demo_files.bar_chart([3, 2, 1], size=(120, 80))))


def all_routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> list[str]:
    routes = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if prefix + str(pattern.pattern) == "admin/":
                routes.append("admin/")
                continue
            routes.extend(all_routes(pattern.url_patterns, prefix + str(pattern.pattern)))
        else:
            routes.append(prefix + str(pattern.pattern))
    return routes


class MatrixTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.member_membership = Membership.objects.get(community=cls.community, person=cls.member)
        cls.join_request = JoinRequestFactory(community=cls.community, person=cls.outsider)
        cls.proposal = CommunityFactory(status="proposed", proposed_by=cls.outsider, service_area=cls.area)
        cls.thread = start_thread(
            cls.community, author=cls.member, kind="discussion", title="Hello", body="Hi all"
        )
        cls.help_thread = start_thread(
            cls.community, author=cls.member, kind="help", title="Stuck", body="Help?"
        )
        cls.help_reply = reply(cls.help_thread, author=cls.core, body="Try this")
        start = timezone.now() + timedelta(days=7)
        cls.event = Event.objects.create(
            title="Year-end webinar",
            community=cls.community,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
        )
        cls.private_event = Event.objects.create(
            title="Circle meeting",
            community=cls.private_community,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
        )
        past = timezone.now() - timedelta(days=1)

        # Each with a picture, written to the test run's own media folder (see copse/pytest_plugin.py).
        def picture() -> io.BytesIO:
            return io.BytesIO(image_bytes("PNG", (120, 80)))

        described = {"picture_alt": "A green field."}
        cls.public_news = publish_news(
            by=cls.programme_admin,
            community=None,
            text=NewsText(title="Award", body="", audience="public", publish_at=past, **described),
            picture=picture(),
        )
        cls.staff_news = publish_news(
            by=cls.programme_admin,
            community=None,
            text=NewsText(title="Staff", body="", publish_at=past, **described),
            picture=picture(),
        )
        cls.community_news = publish_news(
            by=cls.lead, community=cls.community, text=NewsText(title="FBP", body="", publish_at=past)
        )
        cls.private_news = publish_news(
            by=cls.lead,
            community=cls.private_community,
            text=NewsText(title="Circle", body="", publish_at=past, **described),
            picture=picture(),
        )
        cls.scheduled_news = publish_news(
            by=cls.lead,
            community=cls.community,
            text=NewsText(title="Later", body="", publish_at=timezone.now() + timedelta(days=2), **described),
            picture=picture(),
        )
        # Written to the test run's own media folder (see copse/pytest_plugin.py).
        cls.member_photo_url = give_photo(cls.member).photo_url
        cls.project = propose_project(cls.community, by=cls.member, title="Month-end close in five days")
        cls.private_project = propose_project(cls.private_community, by=cls.core, title="Budget packs")
        # Files attached to posts and updates, written to the run's media folder.
        opening = cls.thread.posts.get()
        cls.post_files = attach_files(opening, by=cls.member, files=[_pdf("Agenda.pdf"), _png("Chart.png")])
        cls.open_file = (
            start_thread(
                cls.open_community,
                author=cls.lead,
                kind="discussion",
                title="Tips",
                body="B",
                files=[_pdf("Tips.pdf")],
            )
            .posts.get()
            .attachments.get()
        )
        cls.private_file = (
            start_thread(
                cls.private_community,
                author=cls.core,
                kind="idea",
                title="Plan",
                body="B",
                files=[_pdf("Plan.pdf")],
            )
            .posts.get()
            .attachments.get()
        )
        minutes = start_thread(cls.community, author=cls.lead, kind="discussion", title="Minutes", body="B")
        hidden = reply(minutes, author=cls.member, body="Mine", files=[_pdf("Mine.pdf")])
        hide_post(hidden, by=cls.lead, reason="Not for here")
        cls.hidden_file = hidden.attachments.get()
        update = post_update(cls.project, author=cls.member, body="Week one", files=[_pdf(), _png()])
        cls.update_files = list(update.attachments.all())
        cls.private_update_file = post_update(
            cls.private_project, author=cls.core, body="Drafts", files=[_pdf("Budget.pdf")]
        ).attachments.get()
        cls.story = tell_story(
            cls.community,
            teller=cls.member,
            title="A quicker month-end",
            steps=[StepText(cycle=ValueCycle.objects.get(key="applied"), text="We reconcile weekly now.")],
        )
        cls.on_behalf_story = tell_story(
            cls.community,
            teller=cls.member,
            written_by=cls.lead,
            title="Help with a grant budget",
            steps=[StepText(cycle=ValueCycle.objects.get(key="immediate"), text="Cora explained overheads.")],
        )
        cls.calendar_key = CalendarToken.objects.create(
            person=cls.member
        ).key  # the member's: not in the circle
        # Value creation: one aspiration and one open uncertainty at each level, and an indicator the community
        # looks at beside one it does not.
        for level, scope, owner, by in (
            ("community", Scope.COMMUNITY, cls.community, cls.lead),
            ("member", Scope.PERSON, cls.member, cls.member),
            ("organisation", Scope.ORGANISATION, None, cls.programme_admin),
            ("area", Scope.AREA, cls.area, cls.programme_admin),
        ):
            setattr(
                cls, f"{level}_aspiration", create_aspiration(scope, owner, by=by, title="Answers in a day")
            )
            setattr(
                cls, f"{level}_uncertainty", create_uncertainty(scope, owner, by=by, question="Who asks?")
            )
        time_saved = IndicatorDefinition.objects.get(key="time_saved", community=None)
        cls.adopted_indicator = adopt_indicator(cls.community, time_saved, by=cls.lead).indicator
        cls.other_indicator = IndicatorDefinition.objects.get(key="tool_reuse", community=None)
        cls.own_indicator = define_indicator(
            cls.community,
            by=cls.lead,
            name="Forecast accuracy",
            cycle=time_saved.cycle,
            description="How close the forecasts came.",
        ).indicator

    def test_every_url_pattern_has_a_row(self) -> None:
        routes = set(all_routes(get_resolver().url_patterns))
        missing = sorted(routes - MATRIX.keys())
        stale = sorted(MATRIX.keys() - routes)
        assert not missing, f"URL patterns with no row in the permission matrix: {missing}"
        assert not stale, f"Rows for URL patterns that no longer exist: {stale}"

    def test_every_row_names_every_persona(self) -> None:
        for route, cases in MATRIX.items():
            for case in cases:
                assert set(case.expected) == set(EVERYONE), route

    def test_each_persona_gets_the_expected_status(self) -> None:
        for route, cases in MATRIX.items():
            for case in cases:
                for persona, expected in case.expected.items():
                    url = case.url(self)
                    with self.subTest(route=route, url=url, method=case.method, persona=persona):
                        client = self.client_for(None if persona == "anonymous" else persona)
                        with transaction.atomic():
                            send = client.get if case.method == "GET" else client.post
                            response = send(url, case.data)
                            transaction.set_rollback(True)
                        assert response.status_code == expected, (
                            f"{persona} {case.method} {url}: expected {expected}, got {response.status_code}"
                        )
