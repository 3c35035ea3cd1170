"""Who may do what with value creation: every member of staff reads how it works; the programme team words the
cycles and switches them on and off; a story is read by the people its teller chose; a survey is run by its
community's leads (or the programme team) and answered by the people it was sent to."""

from __future__ import annotations

from typing import Literal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import BigIntegerField, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.http import Http404

from copse.accounts.models import User
from copse.communities.models import Community, Membership, Role
from copse.communities.permissions import can_manage_community, is_programme_team, viewer_role
from copse.events.models import Registration

from .models import Audience, Survey, SurveyQuestion, ValueCycle, ValueStory
from .models.stories import CONFIRMED


def can_edit_cycles(user: User | AnonymousUser) -> bool:
    return is_programme_team(user)


def get_cycle_for(user: User | AnonymousUser, key: str) -> ValueCycle:
    """A cycle for the programme team to edit: 404 when there is no such cycle, 403 for everyone else."""
    cycle = ValueCycle.objects.filter(key=key).first()
    if cycle is None:
        raise Http404("No such cycle.")
    if not can_edit_cycles(user):
        raise PermissionDenied
    return cycle


def require_cycle_editor(user: User | AnonymousUser) -> None:
    """For the cycles' pages: 403 for everyone but the programme team."""
    if not can_edit_cycles(user):
        raise PermissionDenied


def can_view_story(user: User | AnonymousUser, story: ValueStory) -> bool:
    """Twin of `ValueStory.objects.visible_to`: the teller and its writer always; once the teller has confirmed
    it, the community's leads and the programme team, and the audience the teller chose."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.pk in (story.teller_id, story.written_by_id):
        return True
    if story.status not in CONFIRMED:
        return False
    if is_programme_team(user) or story.audience == Audience.ORGANISATION:
        return True
    role = viewer_role(user, story.community)
    return role == Role.LEAD or (story.audience == Audience.COMMUNITY and role is not None)


# Surveys: a community's leads and the programme team run them; the people they are sent to answer them.

SurveyAction = Literal["view", "answer", "manage"]


def can_run_surveys_in(user: User | AnonymousUser, community: Community | None) -> bool:
    """Leads create surveys for their community; programme-wide surveys (no community) are the programme
    team's, who may also run any community's."""
    if community is None:
        return is_programme_team(user)
    return can_manage_community(user, community)


def can_manage_survey(user: User | AnonymousUser, survey: Survey) -> bool:
    """Editing its questions, sending it, closing it and reading its results."""
    return can_run_surveys_in(user, survey.community)


def _leads_survey(user: User | AnonymousUser, survey: Survey) -> bool:
    """Sees the survey whatever its state: the programme team, and the leads of its community (also once the
    community has closed, to read what was found)."""
    if is_programme_team(user):
        return True
    return survey.community is not None and viewer_role(user, survey.community) == Role.LEAD


def survey_audience(survey: Survey) -> QuerySet[User]:
    """The people a survey is for: everyone; the community's current members; or the people who came to the
    event (marked attended, or when nobody's attendance was recorded, the people who were going). The
    people-side twin of `can_answer_survey`."""
    people = User.objects.filter(is_active=True)
    if survey.audience == Survey.Audience.EVERYONE:
        return people
    if survey.audience == Survey.Audience.MEMBERS:
        members = Membership.objects.current().filter(Q(community_id=survey.community_id)).values("person")
        return people.filter(pk__in=members)
    registrations = Registration.objects.filter(Q(event_id=survey.event_id))
    if registrations.filter(attended=True).exists():
        came = registrations.filter(attended=True)
    else:
        came = registrations.filter(status=Registration.Status.GOING)
    return people.filter(pk__in=came.values("person"))


def can_answer_survey(user: User | AnonymousUser, survey: Survey) -> bool:
    """In the survey's audience (see `survey_audience`)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if survey.audience == Survey.Audience.EVERYONE:
        return True
    if survey.audience == Survey.Audience.MEMBERS:
        return survey.community is not None and viewer_role(user, survey.community) is not None
    return survey_audience(survey).filter(pk=user.pk).exists()


def can_view_survey(user: User | AnonymousUser, survey: Survey) -> bool:
    """Twin of `surveys_visible_to`: its community's leads and the programme team always; once it is sent,
    the people it was sent to."""
    if not user.is_authenticated or not user.is_active:
        return False
    if _leads_survey(user, survey):
        return True
    return survey.sent_at is not None and can_answer_survey(user, survey)


def surveys_visible_to(user: User | AnonymousUser) -> QuerySet[Survey]:
    """The surveys this person may open. Twin of `can_view_survey`."""
    if not user.is_authenticated or not user.is_active:
        return Survey.objects.none()
    if is_programme_team(user):
        return Survey.objects.all()
    current = Membership.objects.current().filter(person=user)
    led = current.filter(role=Role.LEAD).values("community")
    attended_anywhere = Registration.objects.filter(event=OuterRef("event"), attended=True)
    mine = Registration.objects.filter(person=user).annotate(recorded=Exists(attended_anywhere))
    came = mine.filter(Q(attended=True) | Q(recorded=False, status=Registration.Status.GOING)).values("event")
    audience = (
        Q(audience=Survey.Audience.EVERYONE)
        | Q(audience=Survey.Audience.MEMBERS, community__in=current.values("community"))
        | Q(audience=Survey.Audience.ATTENDEES, event__in=came)
    )
    return Survey.objects.filter(Q(community__in=led) | (Q(sent_at__isnull=False) & audience))


def get_survey_for(user: User | AnonymousUser, survey_id: int, action: SurveyAction = "view") -> Survey:
    """A survey with its community and event: 404 if the person may not see it, 403 if they may see it but not
    answer it (`answer`) or run it (`manage`)."""
    queryset = Survey.objects.select_related("community", "event__community")
    if user.is_authenticated:
        queryset = queryset.annotate(
            viewer_id=Value(user.pk, output_field=BigIntegerField()),
            viewer_role=Subquery(
                Membership.objects.current()
                .filter(community=OuterRef("community"), person=user)
                .values("role")[:1]
            ),
        )
    survey = queryset.filter(pk=survey_id).first()
    if survey is None:
        raise Http404("No survey found.")
    if survey.community is not None and user.is_authenticated:
        # The membership looked up with the survey: `viewer_role` needs no query of its own.
        survey.community.viewer_id = user.pk  # type: ignore[attr-defined]
        survey.community.viewer_role = survey.viewer_role  # type: ignore[attr-defined]
    if not can_view_survey(user, survey):
        raise Http404("No survey found.")
    permitted = {
        "view": lambda: True,
        "answer": lambda: can_answer_survey(user, survey),
        "manage": lambda: can_manage_survey(user, survey),
    }[action]
    if not permitted():
        raise PermissionDenied
    return survey


def get_question_for(user: User | AnonymousUser, survey_id: int, question_id: int) -> SurveyQuestion:
    """A question of a survey this person runs: 404 for a question of another survey."""
    survey = get_survey_for(user, survey_id, "manage")
    question = SurveyQuestion.objects.select_related("cycle", "indicator").filter(
        pk=question_id, survey=survey
    )
    found = question.first()
    if found is None:
        raise Http404("No such question.")
    found.survey = survey
    return found
