"""Framing: what a person, a community, a service area or the organisation cares to make a difference to
(aspirations, with the conditions they need and the risks they run) and what they do not know yet
(uncertainties).

Every version of an aspiration is kept, the first included, with why it changed: how aspirations move over time is
itself a sign of transformative value (reframing). The views check who may do this (`permissions.get_frame_for`);
these services hold the rules of the thing itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from copse.accounts.models import ServiceArea, User
from copse.communities.models import Community
from copse.core.refusals import Kind, Refused
from copse.core.text import paragraphs, single_line

from ..models import Aspiration, AspirationRevision, Risk, Scope, Uncertainty
from ..models.framing import REASON_MAX, RISK_MAX, TEXT_MAX, TITLE_MAX

RISKS_MAX = 20

Owner = User | Community | ServiceArea | None


@dataclass(frozen=True)
class RiskText:
    """A risk as someone wrote it, with what is done about it."""

    risk: str
    mitigation: str = ""


def _owner_fields(scope: Scope, owner: Owner) -> dict[str, object]:
    """The level's one link, checked against the scope (a programming error, not a person's, if they disagree)."""
    expected = {
        Scope.PERSON: User,
        Scope.COMMUNITY: Community,
        Scope.AREA: ServiceArea,
    }.get(Scope(scope))
    if (expected is None and owner is not None) or (expected is not None and not isinstance(owner, expected)):
        raise TypeError(
            f"A {scope} aspiration or uncertainty belongs to a {expected or 'no one'}, not {owner!r}."
        )
    return {
        "scope": scope,
        "person": owner if isinstance(owner, User) else None,
        "community": owner if isinstance(owner, Community) else None,
        "area": owner if isinstance(owner, ServiceArea) else None,
    }


def _wording(title: str, description: str, conditions: str) -> tuple[str, str, str]:
    return (
        single_line(title, field="title", label="the aspiration", max_length=TITLE_MAX, required=True),
        paragraphs(description, field="description", label="the description", max_length=TEXT_MAX),
        paragraphs(conditions, field="conditions", label="the conditions", max_length=TEXT_MAX),
    )


def _risks(risks: Sequence[RiskText]) -> list[RiskText]:
    """Risks stripped and checked; a row with neither a risk nor a mitigation is no risk at all."""
    checked = []
    for given in risks:
        if not given.risk.strip() and not given.mitigation.strip():
            continue
        risk = single_line(given.risk, field="risks", label="each risk", max_length=RISK_MAX)
        if not risk:
            raise Refused("Say what the risk is, or leave its mitigation empty too.", field="risks")
        mitigation = paragraphs(
            given.mitigation, field="risks", label="each mitigation", max_length=REASON_MAX
        )
        checked.append(RiskText(risk=risk, mitigation=mitigation))
    if len(checked) > RISKS_MAX:
        raise Refused(f"Keep to {RISKS_MAX} risks or fewer: the most important ones.", field="risks")
    return checked


def _write_risks(aspiration: Aspiration, risks: list[RiskText]) -> None:
    Risk.objects.bulk_create(
        Risk(aspiration=aspiration, risk=r.risk, mitigation=r.mitigation, position=n)
        for n, r in enumerate(risks)
    )


def _snapshot(risks: list[RiskText]) -> list[dict[str, str]]:
    return [{"risk": r.risk, "mitigation": r.mitigation} for r in risks]


@transaction.atomic
def create_aspiration(
    scope: Scope,
    owner: Owner,
    *,
    by: User,
    title: str,
    description: str = "",
    conditions: str = "",
    risks: Sequence[RiskText] = (),
) -> Aspiration:
    """A new aspiration for the level (`owner`: the person, community or service area; None for the
    organisation), placed after the others, with its risks; its first version is revision 1."""
    fields = _owner_fields(scope, owner)
    title, description, conditions = _wording(title, description, conditions)
    checked = _risks(risks)
    last = Aspiration.objects.filter(**fields).aggregate(last=Max("position"))["last"]
    aspiration = Aspiration.objects.create(
        **fields,
        title=title,
        description=description,
        conditions=conditions,
        position=0 if last is None else last + 1,
        created_by=by,
    )
    _write_risks(aspiration, checked)
    AspirationRevision.objects.create(
        aspiration=aspiration,
        number=1,
        title=title,
        description=description,
        conditions=conditions,
        risks=_snapshot(checked),
        revised_by=by,
    )
    return aspiration


@transaction.atomic
def revise_aspiration(
    aspiration: Aspiration,
    *,
    by: User,
    title: str,
    description: str,
    conditions: str,
    risks: Sequence[RiskText],
    reason: str,
) -> AspirationRevision:
    """Reframing: a new wording of the aspiration (its risks replaced by those given), kept as the next
    revision with why it changed. The aspiration is locked while the number is chosen, so two people revising it
    at once make two versions, never one number twice."""
    locked = Aspiration.objects.select_for_update().get(pk=aspiration.pk)
    if locked.set_aside_at is not None:
        raise Refused("This aspiration has been set aside, so it is no longer revised.", kind=Kind.CONFLICT)
    title, description, conditions = _wording(title, description, conditions)
    checked = _risks(risks)
    reason = paragraphs(reason, field="reason", label="why it changed", max_length=REASON_MAX, required=True)
    before = [RiskText(risk=r.risk, mitigation=r.mitigation) for r in locked.risks.all()]
    if (title, description, conditions, checked) == (
        locked.title,
        locked.description,
        locked.conditions,
        before,
    ):
        raise Refused(
            "Nothing has changed: change the wording, the conditions or the risks to keep a new version.",
            field="title",
        )
    locked.title, locked.description, locked.conditions = title, description, conditions
    locked.save(update_fields=["title", "description", "conditions", "updated_at"])
    locked.risks.all().delete()
    _write_risks(locked, checked)
    last = locked.revisions.aggregate(last=Max("number"))["last"] or 0
    revision = AspirationRevision.objects.create(
        aspiration=locked,
        number=last + 1,
        title=title,
        description=description,
        conditions=conditions,
        risks=_snapshot(checked),
        reason=reason,
        revised_by=by,
    )
    aspiration.title, aspiration.description, aspiration.conditions = title, description, conditions
    return revision


@transaction.atomic
def set_aside_aspiration(aspiration: Aspiration, *, by: User) -> Aspiration:
    """Let go of an aspiration: it leaves the current list but keeps its history, and reports of the periods
    when it was held still show it."""
    updated = Aspiration.objects.filter(pk=aspiration.pk, set_aside_at__isnull=True).update(
        set_aside_at=timezone.now(), updated_at=timezone.now()
    )
    if not updated:
        raise Refused("This aspiration was already set aside.", kind=Kind.CONFLICT)
    aspiration.refresh_from_db(fields=["set_aside_at", "updated_at"])
    return aspiration


def _question(question: str, notes: str) -> tuple[str, str]:
    return (
        single_line(
            question, field="question", label="what you do not know yet", max_length=TITLE_MAX, required=True
        ),
        paragraphs(notes, field="notes", label="the notes", max_length=TEXT_MAX),
    )


@transaction.atomic
def create_uncertainty(
    scope: Scope, owner: Owner, *, by: User, question: str, notes: str = ""
) -> Uncertainty:
    """Something the level does not know yet and wants to find out."""
    fields = _owner_fields(scope, owner)
    question, notes = _question(question, notes)
    return Uncertainty.objects.create(**fields, question=question, notes=notes, created_by=by)


@transaction.atomic
def update_uncertainty(uncertainty: Uncertainty, *, question: str, notes: str) -> Uncertainty:
    """A new wording of the question and its notes."""
    uncertainty.question, uncertainty.notes = _question(question, notes)
    uncertainty.save(update_fields=["question", "notes", "updated_at"])
    return uncertainty


@transaction.atomic
def resolve_uncertainty(uncertainty: Uncertainty, *, by: User, resolution: str) -> Uncertainty:
    """It is known now: what was learnt is kept with the question."""
    resolution = paragraphs(
        resolution, field="resolution", label="what was learnt", max_length=TEXT_MAX, required=True
    )
    now = timezone.now()
    updated = Uncertainty.objects.filter(pk=uncertainty.pk, resolved_at__isnull=True).update(
        resolved_at=now, resolution=resolution, updated_at=now
    )
    if not updated:
        raise Refused("This uncertainty was already resolved.", kind=Kind.CONFLICT)
    uncertainty.resolved_at, uncertainty.resolution = now, resolution
    return uncertainty


@transaction.atomic
def reopen_uncertainty(uncertainty: Uncertainty) -> Uncertainty:
    """Not so sure after all: the question is open again. What was learnt stays, to build on."""
    updated = Uncertainty.objects.filter(pk=uncertainty.pk, resolved_at__isnull=False).update(
        resolved_at=None, updated_at=timezone.now()
    )
    if not updated:
        raise Refused("This uncertainty is already open.", kind=Kind.CONFLICT)
    uncertainty.resolved_at = None
    return uncertainty
