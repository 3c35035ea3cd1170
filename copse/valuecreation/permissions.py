"""Who may do what with value creation: every member of staff reads how it works; the programme team words the
cycles and switches them on and off; a story is read by the people its teller chose; a survey is run by its
community's leads (or the programme team) and answered by the people it was sent to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import BigIntegerField, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.http import Http404

from copse.accounts.models import ServiceArea, User
from copse.communities.models import CLOSED, UNAPPROVED, Community, Membership, Role
from copse.communities.permissions import (
    can_manage_community,
    can_see_members_area,
    get_community_for,
    get_service_area_for,
    is_programme_team,
    viewer_role,
)
from copse.events.models import Registration

from .models import (
    Aspiration,
    Audience,
    IndicatorAdoption,
    IndicatorDefinition,
    IndicatorObservation,
    Scope,
    StoryStatus,
    Survey,
    SurveyQuestion,
    Uncertainty,
    ValueCycle,
    ValueStory,
)
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


# == Framing: aspirations and uncertainties ==
# A level's framing (a person's, a community's, a service area's or the organisation's) is read by: the person
# alone, for their own; whoever may see a community's members' area, for a community's; everyone signed in, for a
# service area's and the organisation's. It is written by: the person; the community's leads and the programme
# team; the programme team for service areas and the organisation.

FramingAction = Literal["view", "edit"]


@dataclass(frozen=True)
class Frame:
    """Whose aspirations and uncertainties a page is about, and whether this viewer may change them."""

    scope: Scope
    community: Community | None = None
    area: ServiceArea | None = None
    person: User | None = None
    can_edit: bool = False

    def lookup(self) -> dict[str, object]:
        """The filter that selects this level's own rows."""
        return {"scope": self.scope, "community": self.community, "area": self.area, "person": self.person}


def _active(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_view_framing(user: User | AnonymousUser, item: Aspiration | Uncertainty) -> bool:
    """Twin of `Aspiration.objects.visible_to` and `Uncertainty.objects.visible_to`."""
    if not _active(user):
        return False
    if item.scope == Scope.PERSON:
        return item.person_id == user.pk
    if item.scope == Scope.COMMUNITY:
        assert item.community is not None
        return can_see_members_area(user, item.community)
    return True


def can_edit_framing(
    user: User | AnonymousUser,
    scope: Scope,
    *,
    community: Community | None = None,
    person: User | None = None,
) -> bool:
    """Who words a level's aspirations and uncertainties (see the section's comment)."""
    if not _active(user):
        return False
    if scope == Scope.PERSON:
        return person is not None and person.pk == user.pk
    if scope == Scope.COMMUNITY:
        return community is not None and can_manage_community(user, community)
    return is_programme_team(user)


def get_frame_for(
    user: User | AnonymousUser, scope: Scope, slug: str | None = None, action: FramingAction = "view"
) -> Frame:
    """The level a page is about, for this person and action: 404 when they may not see it (a private community
    they are not in, an area that does not exist), 403 when they may see it but not change it."""
    if scope == Scope.PERSON:
        if not isinstance(user, User):
            raise Http404("Sign in to see your aspirations.")
        return Frame(scope=scope, person=user, can_edit=True)
    if scope == Scope.COMMUNITY:
        community = get_community_for(user, slug or "", "view_members")
        frame = Frame(
            scope=scope, community=community, can_edit=can_edit_framing(user, scope, community=community)
        )
    elif scope == Scope.AREA:
        area = get_service_area_for(user, slug or "")
        frame = Frame(scope=scope, area=area, can_edit=can_edit_framing(user, scope))
    else:
        frame = Frame(scope=Scope.ORGANISATION, can_edit=can_edit_framing(user, Scope.ORGANISATION))
    if action == "edit" and not frame.can_edit:
        raise PermissionDenied
    return frame


def get_aspiration_for(
    user: User | AnonymousUser, scope: Scope, slug: str | None, pk: int, action: FramingAction = "view"
) -> tuple[Frame, Aspiration]:
    """One aspiration of the level, with the level: 404 for one of another level (another community's, another
    person's), and as `get_frame_for` otherwise."""
    frame = get_frame_for(user, scope, slug, action)
    aspiration = Aspiration.objects.filter(pk=pk, **frame.lookup()).first()
    if aspiration is None:
        raise Http404("No such aspiration.")
    return frame, aspiration


def get_uncertainty_for(
    user: User | AnonymousUser, scope: Scope, slug: str | None, pk: int, action: FramingAction = "view"
) -> tuple[Frame, Uncertainty]:
    """One uncertainty of the level, with the level: as `get_aspiration_for`."""
    frame = get_frame_for(user, scope, slug, action)
    uncertainty = Uncertainty.objects.filter(pk=pk, **frame.lookup()).first()
    if uncertainty is None:
        raise Http404("No such uncertainty.")
    return frame, uncertainty


# == Indicators: what a community looks at, and what it observed ==
# Read by whoever may see the community's members' area; adopted, defined and observed by its leads and the
# programme team.

IndicatorAction = Literal["view", "manage"]


def can_view_observation(user: User | AnonymousUser, observation: IndicatorObservation) -> bool:
    """Twin of `IndicatorObservation.objects.visible_to`: a community's by those who may see its members' area;
    the organisation's own by everyone signed in."""
    if not _active(user):
        return False
    if observation.community is None:
        return True
    return can_see_members_area(user, observation.community)


def can_manage_indicators(user: User | AnonymousUser, community: Community) -> bool:
    return can_manage_community(user, community)


def get_indicators_community_for(
    user: User | AnonymousUser, slug: str, action: IndicatorAction = "view"
) -> Community:
    """A community's indicators: 404 when the person may not see the community, 403 when they may not see its
    members' area or (to change them) may not lead it."""
    return get_community_for(user, slug, "manage" if action == "manage" else "view_members")


def get_indicator_for(
    user: User | AnonymousUser, slug: str, pk: int, action: IndicatorAction = "view"
) -> IndicatorAdoption:
    """An indicator the community `slug` looks at, as its adoption (with the indicator, its cycle and the
    checked community): 404 for an indicator of another community or one this community has not adopted."""
    community = get_indicators_community_for(user, slug, action)
    adoption = (
        IndicatorAdoption.objects.select_related("indicator__cycle")
        .filter(community=community, indicator_id=pk)
        .first()
    )
    if adoption is None:
        raise Http404("This community does not look at that indicator.")
    adoption.community = community
    return adoption


def get_adoptable_for(
    user: User | AnonymousUser, slug: str, pk: int
) -> tuple[Community, IndicatorDefinition]:
    """An indicator a lead may adopt for the community `slug`: one from the catalogue or one the community
    defined itself (404 for another community's)."""
    community = get_indicators_community_for(user, slug, "manage")
    indicator = (
        IndicatorDefinition.objects.select_related("cycle")
        .filter(Q(community=community) | Q(community=None), pk=pk)
        .first()
    )
    if indicator is None:
        raise Http404("No such indicator.")
    return community, indicator


def can_record_for_organisation(user: User | AnonymousUser) -> bool:
    """The organisation's own observations (no community) are the programme team's to record."""
    return is_programme_team(user)


def get_organisation_indicator_for(
    user: User | AnonymousUser, pk: int, action: IndicatorAction = "view"
) -> IndicatorDefinition:
    """A catalogue indicator, for the organisation's own observations of it: everyone signed in reads them (404
    for a community's own indicator or none at all); the programme team records them (403 for everyone else)."""
    indicator = IndicatorDefinition.objects.select_related("cycle").filter(pk=pk, community=None).first()
    if indicator is None:
        raise Http404("No such indicator in the catalogue.")
    if action == "manage" and not can_record_for_organisation(user):
        raise PermissionDenied
    return indicator


# Reports: the value-creation matrix of a community, a service area and the organisation.


def get_community_report_for(user: User | AnonymousUser, slug: str) -> Community:
    """The community whose report this is, read by whoever sees its members' area (its members, leads and the
    programme team; every member of staff for an open community): 404 for a community they may not see, 403
    outside its members' area."""
    return get_community_for(user, slug, "view_members")


def leads_in_area(user: User | AnonymousUser, area: ServiceArea) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return (
        Membership.objects.current()
        .filter(person=user, role=Role.LEAD, community__service_area=area)
        .exclude(community__status__in=UNAPPROVED)
        .exists()
    )


def can_read_area_report(user: User | AnonymousUser, area: ServiceArea) -> bool:
    """A service area's report: the programme team and the leads of the area's communities."""
    return is_programme_team(user) or leads_in_area(user, area)


def get_area_report_for(user: User | AnonymousUser, slug: str) -> ServiceArea:
    """The service area whose report this is: 404 when there is none, 403 for who may not read it."""
    area = get_service_area_for(user, slug)
    if not can_read_area_report(user, area):
        raise PermissionDenied
    return area


def require_organisation_report_reader(user: User | AnonymousUser) -> None:
    """The organisation's report is the programme team's: 403 for everyone else."""
    if not is_programme_team(user):
        raise PermissionDenied


def sees_small_story_counts(user: User | AnonymousUser, community: Community | None) -> bool:
    """Story counts drawn from fewer than SMALL_GROUP tellers: the programme team, and a community's own leads for
    that community's report."""
    if is_programme_team(user):
        return True
    return community is not None and viewer_role(user, community) == Role.LEAD


# == Stories: who tells, edits, confirms and reviews them ==

StoryAction = Literal["view", "edit", "review", "confirm", "consent"]

# What the teller may still change: before a lead has marked it ready, or when it was returned with a question.
TELLER_EDITS = (StoryStatus.AWAITING_TELLER, StoryStatus.TOLD, StoryStatus.RETURNED)


def can_tell_story_in(user: User | AnonymousUser, community: Community) -> bool:
    """Members of a community (any role) tell stories of what taking part in it made possible."""
    if not user.is_authenticated or not user.is_active or community.status in CLOSED:
        return False
    return viewer_role(user, community) is not None


def can_review_stories(user: User | AnonymousUser, community: Community) -> bool:
    """The community's leads and the programme team review its stories and write them on someone's behalf."""
    if not user.is_authenticated or not user.is_active:
        return False
    return is_programme_team(user) or viewer_role(user, community) == Role.LEAD


def can_write_on_behalf_in(user: User | AnonymousUser, community: Community) -> bool:
    return community.status not in CLOSED and can_review_stories(user, community)


def can_edit_story(user: User | AnonymousUser, story: ValueStory) -> bool:
    """The teller, until a lead has marked it ready (or when it was returned); whoever wrote it on someone's
    behalf, only until the teller has confirmed it. Nobody edits a story someone else confirmed."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.pk == story.teller_id:
        return story.status in TELLER_EDITS
    return user.pk == story.written_by_id and story.status == StoryStatus.AWAITING_TELLER


def can_confirm_story(user: User | AnonymousUser, story: ValueStory) -> bool:
    """Only the teller confirms a story written on their behalf."""
    return (
        user.is_authenticated and user.pk == story.teller_id and story.status == StoryStatus.AWAITING_TELLER
    )


def can_review_story(user: User | AnonymousUser, story: ValueStory) -> bool:
    """Leads of its community and the programme team review a story once its teller has confirmed it."""
    return story.status in CONFIRMED and can_review_stories(user, story.community)


def get_story_for(user: User | AnonymousUser, story_id: int, action: StoryAction = "view") -> ValueStory:
    """A story with its community and people: 404 when `can_view_story` says they may not read it, 403 when they
    may read it but not take `action` (edit, review, confirm, or consent: say who may read it, the teller's
    alone)."""
    story = (
        ValueStory.objects.select_related(
            "community", "teller__person", "written_by__person", "reviewed_by", "thread", "post", "event"
        )
        .filter(pk=story_id)
        .first()
    )
    if story is None or not can_view_story(user, story):
        raise Http404("No story found.")
    permitted = {
        "view": lambda: True,
        "edit": lambda: can_edit_story(user, story),
        "review": lambda: can_review_story(user, story),
        "confirm": lambda: can_confirm_story(user, story),
        "consent": lambda: user.pk == story.teller_id,
    }[action]
    if not permitted():
        raise PermissionDenied
    return story


def get_story_review_for(user: User | AnonymousUser, slug: str) -> Community:
    """A community whose stories this person reviews: 404 when they may not see it, 403 unless they lead it or are
    on the programme team."""
    community = get_community_for(user, slug)
    if not can_review_stories(user, community):
        raise PermissionDenied
    return community


def tellable_communities(user: User) -> QuerySet[Community]:
    """The communities this person may tell a story in: those they belong to that are running."""
    belongs = Membership.objects.current().filter(person=user).values("community")
    return Community.objects.filter(pk__in=belongs).exclude(status__in=CLOSED).order_by("name")


def on_behalf_communities(user: User) -> QuerySet[Community]:
    """The communities this person may write a story in on someone's behalf: those they lead; every running one for
    the programme team."""
    running = Community.objects.exclude(status__in=CLOSED).order_by("name")
    if is_programme_team(user):
        return running
    led = Membership.objects.current().filter(person=user, role=Role.LEAD).values("community")
    return running.filter(pk__in=led)
