"""The value creation app's template globals: whether someone may tell a story in a community (for the "Tell a
story about this" links on other apps' pages), and the small pieces a story's page and the review queue draw in
their loops, as Python returning HTML."""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import linebreaks_filter
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .models import IndicatorAdoption, StoryStatus, StoryStep, Valence, ValueStory
from .permissions import can_tell_story_in
from .services.stories import StepText

STATUS_BADGES = {
    StoryStatus.AWAITING_TELLER: "badge-warning",
    StoryStatus.TOLD: "badge-info",
    StoryStatus.RETURNED: "badge-warning",
    StoryStatus.READY: "badge-success",
}

# Each valence has its words and a line of its own style beside the step (solid, dashed, double), so that it is
# never told by colour alone.
VALENCE_WORDS = {
    Valence.POSITIVE: "Positive: it made things better",
    Valence.NULL: "No difference",
    Valence.NEGATIVE: "Negative: it made things worse",
}


def indicators_for_project(user: Any, project: Any) -> list[IndicatorAdoption]:
    """The community's indicators that follow this project (seen by whoever sees the project: both are of the
    community's members' area): one query."""
    return list(
        IndicatorAdoption.objects.filter(projects=project, community_id=project.community_id).select_related(
            "indicator__cycle"
        )
    )


def can_tell_story(user: Any, community: Any) -> bool:
    """`{% if can_tell_story(user, community) %}`: a member of a running community (no query when the page's
    community carries the viewer's role)."""
    return community is not None and can_tell_story_in(user, community)


def story_status(story: ValueStory) -> SafeString:
    return format_html(
        '<span class="badge {}">{}</span>',
        STATUS_BADGES[StoryStatus(story.status)],
        story.get_status_display(),
    )


def valence_badge(valence: str) -> SafeString:
    return format_html('<span class="valence valence-{}">{}</span>', valence, VALENCE_WORDS[Valence(valence)])


def story_step(step: StoryStep | StepText, heading: str = "h2") -> SafeString:
    """One step of a story: its cycle, its valence in words, what happened and its evidence (a step not written
    yet, on the "check your answers" page, is named by its cycle)."""
    evidence = [line for line in step.evidence.splitlines() if line.strip()]
    links = (
        format_html(
            '<p class="meta">Evidence:</p><ul class="materials">{}</ul>',
            format_html_join(
                "", '<li><a href="{}" rel="noopener noreferrer">{}</a></li>', ((a, a) for a in evidence)
            ),
        )
        if evidence
        else ""
    )
    return format_html(
        '<article class="story-step story-step-{valence}" aria-labelledby="step-{pk}"><{h} id="step-{pk}" '
        'class="h3">{cycle}</{h}><p>{badge}</p><div class="prose">{text}</div>{links}</article>',
        valence=step.valence,
        pk=step.pk if isinstance(step, StoryStep) else step.cycle.key,
        h=heading,
        cycle=step.cycle.name,
        badge=valence_badge(step.valence),
        text=linebreaks_filter(step.text, autoescape=True),
        links=links,
    )


def stories_about_project(user: Any, project: Any) -> list[ValueStory]:
    """`{% for story in stories_about_project(user, project) %}`: the stories about a project the reader may read,
    newest first, in one query (projects may not import value creation)."""
    return list(
        ValueStory.objects.visible_to(user).filter(project=project).order_by("-created_at", "-pk")[:20]
    )


GLOBALS = {
    "can_tell_story": can_tell_story,
    "indicators_for_project": indicators_for_project,
    "stories_about_project": stories_about_project,
    "story_status": story_status,
    "story_step": story_step,
    "valence_badge": valence_badge,
}
