"""Value-creation stories: telling one (or writing it on a colleague's behalf), editing and confirming it, and a
lead's review: the cycles confirmed or changed, ready for reporting, highlighted, or returned with a question.

A story's cycles are its steps' cycles, so every change of cycle goes through a step. Each service is atomic and
refuses bad input in the person's own words; whom it tells is in `story_notices`, called inside the
transaction (the notifications vanish with a rollback and their emails go after commit).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from copse.accounts.models import User
from copse.communities.models import Community, Membership, Visibility
from copse.core.refusals import Kind, Refused
from copse.core.text import paragraphs, single_line, web_address
from copse.discussions.models import Post, Thread
from copse.events.models import Event
from copse.projects.models import Project

from ..models import Audience, StoryStatus, StoryStep, Valence, ValueCycle, ValueStory
from ..models.stories import CONFIRMED, STEP_MAX, TEXT_MAX, TITLE_MAX
from ..permissions import TELLER_EDITS, can_review_stories, can_write_on_behalf_in
from . import story_notices as notices

NO_STEP = "Tell at least one step of your story: answer the question of any cycle that applies."


@dataclass(frozen=True)
class StepText:
    """What the teller wrote for one cycle. An empty text means the cycle does not apply: no step."""

    cycle: ValueCycle
    text: str
    valence: str = Valence.POSITIVE
    evidence: str = ""


def step_field(cycle: ValueCycle, part: str) -> str:
    """The form field a step's refusal is about: `step-applied-text`."""
    return f"step-{cycle.key}-{part}"


@transaction.atomic
def tell_story(
    community: Community,
    *,
    teller: User,
    written_by: User | None = None,
    title: str,
    steps: Sequence[StepText],
    audience: str = Audience.LEADS,
    may_quote: bool = False,
    hopes: str = "",
    follow_up_on: date | None = None,
    thread: Thread | None = None,
    post: Post | None = None,
    event: Event | None = None,
    project: Project | None = None,
    follows: ValueStory | None = None,
    today: date | None = None,
    now: datetime | None = None,
    check_only: bool = False,
) -> ValueStory:
    """A member tells a story of what taking part in `community` made possible, in steps, one per cycle that
    applies. Written by a lead or the programme team on the teller's behalf (`written_by`), it waits for the
    teller to confirm it and counts nowhere until then; otherwise it waits for review and the leads are told.

    `today` and `now` are the day and moment it is told (the demo tells stories of the last two years).
    `check_only` checks everything and writes nothing, for the form's "check your answers" step: the story
    returned is not saved."""
    told_at = now or timezone.now()
    today = today or timezone.localdate(told_at)
    written_by = written_by or teller
    on_behalf = written_by.pk != teller.pk
    if not Membership.objects.current().filter(community=community, person=teller).exists():
        field = "teller" if on_behalf else "community"
        whose = f"{teller} is" if on_behalf else "You are"
        raise Refused(
            f"{whose} not a member of {community.name}: stories are told by its members.", field=field
        )
    if community.is_closed:
        raise Refused(
            f"{community.name} is not running: no new stories can be told in it.", field="community"
        )
    if on_behalf and not can_write_on_behalf_in(written_by, community):
        raise Refused(
            "Only the community's leads and the programme team write stories on someone's behalf.",
            kind=Kind.FORBIDDEN,
        )
    story = ValueStory(
        community=community,
        teller=teller,
        written_by=written_by,
        status=StoryStatus.AWAITING_TELLER if on_behalf else StoryStatus.TOLD,
        confirmed_at=None if on_behalf else told_at,
    )
    _fill(
        story,
        title=title,
        audience=audience,
        may_quote=may_quote,
        hopes=hopes,
        follow_up_on=follow_up_on,
        today=today,
    )
    _link_source(story, thread=thread, post=post, event=event, follows=follows)
    if project is not None:
        if project.community_id != community.pk:
            raise Refused(f"That project is not one of {community.name}’s.", field="community")
        story.project = project
    cleaned = _clean_steps(steps)
    if check_only:
        return story
    story.save()
    if now is not None:
        # Told "as of" `now`: the moment it was written is when it was told.
        ValueStory.objects.filter(pk=story.pk).update(created_at=now, updated_at=now)
        story.created_at = story.updated_at = now
    StoryStep.objects.bulk_create([_step(story, step) for step in cleaned])
    if on_behalf:
        notices.story_to_confirm(story)
    else:
        notices.story_told(story)
    return story


@transaction.atomic
def edit_story(
    story: ValueStory,
    *,
    by: User,
    title: str,
    steps: Sequence[StepText],
    audience: str,
    may_quote: bool,
    hopes: str = "",
    follow_up_on: date | None = None,
    today: date | None = None,
) -> ValueStory:
    """The teller (or, before they confirm it, whoever wrote it for them) rewrites the story; its cycles are the
    cycles of the new steps. The teller's edit of a story written for them confirms it; their edit of a returned
    story answers the lead's question: both put it back for review, and the leads are told."""
    story = ValueStory.objects.select_for_update().select_related("community").get(pk=story.pk)
    if by.pk == story.teller_id:
        if story.status not in TELLER_EDITS:
            raise Refused(
                "This story is ready for reporting: ask a lead to return it to you if it needs changing.",
                kind=Kind.CONFLICT,
            )
    elif by.pk != story.written_by_id or story.status != StoryStatus.AWAITING_TELLER:
        raise Refused(f"Only {story.teller} can change this story now.", kind=Kind.FORBIDDEN)
    today = today or timezone.localdate()
    follow_up_was = story.follow_up_on
    _fill(
        story,
        title=title,
        audience=audience,
        may_quote=may_quote,
        hopes=hopes,
        follow_up_on=follow_up_on,
        today=today,
    )
    cleaned = _clean_steps(steps)
    was = story.status
    if by.pk == story.teller_id and was in (StoryStatus.AWAITING_TELLER, StoryStatus.RETURNED):
        story.status = StoryStatus.TOLD
        story.confirmed_at = story.confirmed_at or timezone.now()
    if story.follow_up_on != follow_up_was:
        story.follow_up_reminded_at = None  # a new date: remind them when it comes
    story.save()
    story.steps.all().delete()
    StoryStep.objects.bulk_create([_step(story, step) for step in cleaned])
    if story.status == StoryStatus.TOLD and was != StoryStatus.TOLD:
        notices.story_told(story, answered=was == StoryStatus.RETURNED)
    return story


@transaction.atomic
def confirm_story(story: ValueStory, *, by: User, now: datetime | None = None) -> ValueStory:
    """The teller confirms a story a lead or the programme team wrote on their behalf: from now on it counts, and
    the leads are told it waits for review."""
    story = ValueStory.objects.select_for_update().select_related("community").get(pk=story.pk)
    if by.pk != story.teller_id:
        raise Refused(f"Only {story.teller} can confirm this story.", kind=Kind.FORBIDDEN)
    if story.status != StoryStatus.AWAITING_TELLER:
        raise Refused("You have already confirmed this story.", kind=Kind.CONFLICT)
    story.status = StoryStatus.TOLD
    story.confirmed_at = now or timezone.now()
    story.save(update_fields=["status", "confirmed_at", "updated_at"])
    notices.story_told(story)
    return story


# Review, by the community's leads and the programme team.


def _for_review(story: ValueStory, by: User) -> ValueStory:
    story = ValueStory.objects.select_for_update().select_related("community").get(pk=story.pk)
    if not can_review_stories(by, story.community):
        raise Refused(
            "Only the community's leads and the programme team review its stories.", kind=Kind.FORBIDDEN
        )
    if story.status not in CONFIRMED:
        raise Refused(f"{story.teller} has not confirmed this story yet.", kind=Kind.CONFLICT)
    return story


@transaction.atomic
def change_step_cycle(step: StoryStep, *, by: User, cycle: ValueCycle) -> StoryStep:
    """A reviewer moves a step to the cycle it really tells of. A story has one step per cycle, so a step may not
    move onto a cycle the story already has."""
    _for_review(step.story, by)
    if not cycle.is_enabled:
        raise Refused(f"{cycle.name} is switched off: choose a cycle the programme looks at.", field="cycle")
    if cycle.pk == step.cycle_id:
        return step
    if StoryStep.objects.filter(story_id=step.story_id, cycle=cycle).exists():
        raise Refused(
            f"This story already has a step for {cycle.name}: a story has one step per cycle.", field="cycle"
        )
    step.cycle = cycle
    step.save(update_fields=["cycle"])
    return step


@transaction.atomic
def mark_ready(story: ValueStory, *, by: User, now: datetime | None = None) -> ValueStory:
    """A reviewer has checked the story's cycles: reports count it from now on."""
    story = _for_review(story, by)
    if story.status == StoryStatus.READY:
        return story
    story.status = StoryStatus.READY
    story.reviewed_by = by
    story.reviewed_at = now or timezone.now()
    story.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
    return story


@transaction.atomic
def set_highlight(story: ValueStory, *, by: User, highlight: bool) -> ValueStory:
    """A reviewer picks a story (ready for reporting) to show first in reports, or stops showing it first."""
    story = _for_review(story, by)
    if highlight and story.status != StoryStatus.READY:
        raise Refused("Mark the story ready for reporting before you highlight it.", kind=Kind.CONFLICT)
    story.is_highlight = highlight
    story.save(update_fields=["is_highlight", "updated_at"])
    return story


@transaction.atomic
def return_story(story: ValueStory, *, by: User, question: str) -> ValueStory:
    """A reviewer returns the story to its teller with a question; reports leave it out until the teller answers
    by editing it. The teller is told."""
    story = _for_review(story, by)
    story.review_question = paragraphs(
        question, field="question", label="your question for the teller", max_length=TEXT_MAX, required=True
    )
    story.status = StoryStatus.RETURNED
    story.is_highlight = False
    story.reviewed_by = by
    story.reviewed_at = timezone.now()
    story.save(
        update_fields=[
            "review_question",
            "status",
            "is_highlight",
            "reviewed_by",
            "reviewed_at",
            "updated_at",
        ]
    )
    notices.story_returned(story, by=by)
    return story


# Checking what was written.


def _fill(
    story: ValueStory,
    *,
    title: str,
    audience: str,
    may_quote: bool,
    hopes: str,
    follow_up_on: date | None,
    today: date,
) -> None:
    story.title = single_line(title, field="title", label="a title", max_length=TITLE_MAX, required=True)
    story.audience = _checked_audience(story.community, audience)
    story.may_quote = may_quote
    story.hopes = paragraphs(hopes, field="hopes", label="what you hope to do next", max_length=TEXT_MAX)
    if story.hopes and follow_up_on is None:
        raise Refused("Enter the date you will tell how it went.", field="follow_up_on")
    if follow_up_on is not None and not story.hopes:
        raise Refused("Say what you hope to do next, or leave the follow-up date empty.", field="hopes")
    if follow_up_on is not None and follow_up_on != story.follow_up_on and follow_up_on <= today:
        raise Refused("The follow-up date must be in the future.", field="follow_up_on")
    story.follow_up_on = follow_up_on


def _checked_audience(community: Community, audience: str) -> str:
    """Who may read a story. A private community's stories stay within it: read across the organisation, they
    would tell everyone that the community exists and what it does."""
    if audience not in Audience.values:
        raise Refused("Choose who may read your story.", field="audience")
    if audience == Audience.ORGANISATION and community.visibility == Visibility.PRIVATE:
        raise Refused(
            f"{community.name} is private, so its stories are read within it: choose its members or its leads.",
            field="audience",
        )
    return audience


@transaction.atomic
def change_consent(story: ValueStory, *, by: User, audience: str, may_quote: bool) -> ValueStory:
    """The teller changes who may read their story and whether reports may quote it, whatever its state: consent
    given can always be narrowed or withdrawn, also once a lead has marked the story ready for reporting."""
    story = ValueStory.objects.select_for_update().select_related("community").get(pk=story.pk)
    if by.pk != story.teller_id:
        raise Refused(f"Only {story.teller} can say who may read this story.", kind=Kind.FORBIDDEN)
    story.audience = _checked_audience(story.community, audience)
    story.may_quote = may_quote
    story.save(update_fields=["audience", "may_quote", "updated_at"])
    return story


def _link_source(
    story: ValueStory,
    *,
    thread: Thread | None,
    post: Post | None,
    event: Event | None,
    follows: ValueStory | None,
) -> None:
    """What the story starts from must be of its community (a programme-wide event may be of any)."""
    community = story.community
    if post is not None:
        thread = post.thread
    if thread is not None and thread.community_id != community.pk:
        raise Refused(f"That discussion is not in {community.name}.", field="community")
    if event is not None and event.community_id not in (None, community.pk):
        raise Refused(f"That event is not one of {community.name}’s.", field="community")
    if follows is not None:
        if follows.teller_id != story.teller_id:
            raise Refused("A story can tell what happened next only of its teller’s own story.")
        if follows.community_id != community.pk:
            raise Refused(f"The story it follows was told in {follows.community}.", field="community")
    story.thread, story.post, story.event, story.follows = thread, post, event, follows


def _clean_steps(steps: Sequence[StepText]) -> list[StepText]:
    """The steps that say something, checked: each of a cycle that is switched on, one per cycle, each web
    address of its evidence valid. At least one."""
    cleaned: list[StepText] = []
    seen: set[int] = set()
    for step in steps:
        cycle = step.cycle
        text = paragraphs(
            step.text,
            field=step_field(cycle, "text"),
            label=f"what happened ({cycle.name})",
            max_length=STEP_MAX,
        )
        if not text:
            continue
        if not cycle.is_enabled:
            raise Refused(
                f"{cycle.name} is switched off: tell this step under another cycle.",
                field=step_field(cycle, "text"),
            )
        if cycle.pk in seen:
            raise Refused(f"Your story already has a step for {cycle.name}.", field=step_field(cycle, "text"))
        seen.add(cycle.pk)
        if step.valence not in Valence.values:
            raise Refused(
                "Choose whether it made things better, no different or worse.",
                field=step_field(cycle, "valence"),
            )
        lines = [line.strip() for line in step.evidence.splitlines() if line.strip()]
        evidence_field = step_field(cycle, "evidence")
        addresses = [web_address(line, field=evidence_field) for line in lines]
        evidence = "\n".join(addresses)
        if len(evidence) > TEXT_MAX:
            raise Refused(f"The evidence must be {TEXT_MAX:,} characters or fewer.", field=evidence_field)
        cleaned.append(StepText(cycle=cycle, text=text, valence=step.valence, evidence=evidence))
    if not cleaned:
        raise Refused(NO_STEP, field="steps")
    return cleaned


def _step(story: ValueStory, step: StepText) -> StoryStep:
    return StoryStep(
        story=story, cycle=step.cycle, text=step.text, valence=step.valence, evidence=step.evidence
    )
