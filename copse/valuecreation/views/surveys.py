"""Value surveys' pages: a community's surveys and the programme's, writing one and its questions, sending and
closing it, its results, answering it, and asking the people who came to an event to rate it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copse.accounts.http import StaffRequest as Request
from copse.communities.models import Community
from copse.communities.permissions import get_community_for, require_programme_team
from copse.core.http import posted
from copse.core.refusals import Refused, form_status, refusal_response
from copse.events.permissions import get_event_for

from ..forms.surveys import AnswersForm, QuestionForm, SurveyForm, field_name
from ..models import SMALL_GROUP, Survey, SurveyParticipation
from ..permissions import (
    can_answer_survey,
    can_manage_survey,
    can_run_surveys_in,
    get_question_for,
    get_survey_for,
    surveys_visible_to,
)
from ..services import surveys as services


def _listed(request: Request, community: Community | None) -> list[Survey]:
    mine = SurveyParticipation.objects.filter(survey=OuterRef("pk"), person=request.user)
    rows = (
        surveys_visible_to(request.user)
        .filter(community=community)
        .select_related("event")
        .annotate(answered_by=Count("participations", distinct=True), answered=Exists(mine))
    )
    surveys: list[Survey] = list(rows)
    for survey in surveys:
        survey.state = services.state(survey)  # type: ignore[attr-defined]
        survey.is_open = services.is_open(survey)  # type: ignore[attr-defined]
    return surveys


@require_GET
def community_surveys(request: Request, slug: str) -> HttpResponse:
    """The community's surveys: all of them for its leads, those sent to them for everyone else."""
    community = get_community_for(request.user, slug)
    context = {
        "community": community,
        "surveys": _listed(request, community),
        "can_create": can_run_surveys_in(request.user, community),
        "small_group": SMALL_GROUP,
    }
    return render(request, "valuecreation/surveys_list.html", context)


@require_GET
def programme_surveys(request: Request) -> HttpResponse:
    """The programme's surveys, for everyone, and its events' ratings."""
    context = {
        "community": None,
        "surveys": _listed(request, None),
        "can_create": can_run_surveys_in(request.user, None),
        "small_group": SMALL_GROUP,
    }
    return render(request, "valuecreation/surveys_list.html", context)


def _survey_form(request: Request, community: Community | None, survey: Survey | None = None) -> HttpResponse:
    form = SurveyForm(posted(request), community=community, survey=survey)

    def page(status: int) -> HttpResponse:
        context = {"community": community, "survey": survey, "form": form}
        return render(request, "valuecreation/surveys_form.html", context, status=status)

    if request.method == "POST" and form.is_valid():
        try:
            if survey is None:
                survey = services.create_survey(community=community, by=request.user, **form.values())
                messages.success(request, "The survey is saved. Now add its questions.")
            else:
                services.update_survey(survey, **form.values())
                messages.success(request, "The survey is saved.")
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        return redirect("valuecreation:survey_manage", survey.pk)
    return page(form_status(form))


@require_http_methods(["GET", "POST"])
def survey_create(request: Request, slug: str) -> HttpResponse:
    return _survey_form(request, get_community_for(request.user, slug, "manage"))


@require_http_methods(["GET", "POST"])
def programme_survey_create(request: Request) -> HttpResponse:
    require_programme_team(request.user)
    return _survey_form(request, None)


@require_http_methods(["GET", "POST"])
def survey_edit(request: Request, survey_id: int) -> HttpResponse:
    survey = get_survey_for(request.user, survey_id, "manage")
    if survey.sent_at is not None:
        refusal = Refused("This survey has been sent, so it can no longer change.", kind="conflict")
        return refusal_response(
            request, refusal, then=reverse("valuecreation:survey_manage", args=[survey.pk])
        )
    return _survey_form(request, survey.community, survey)


@require_GET
def survey_manage(request: Request, survey_id: int) -> HttpResponse:
    """A survey for the people who run it: its details and questions (changed until it is sent), sending and
    closing it, and once answered, its results."""
    survey = get_survey_for(request.user, survey_id, "manage")
    questions = list(survey.questions.select_related("cycle", "indicator"))
    context = {
        "survey": survey,
        "questions": questions,
        "state": services.state(survey),
        "is_open": services.is_open(survey),
        "results": services.results(survey, questions) if survey.sent_at else None,
        "small_group": SMALL_GROUP,
    }
    return render(request, "valuecreation/surveys_manage.html", context)


def _question_form(request: Request, survey: Survey, question: Any = None) -> HttpResponse:
    form = QuestionForm(posted(request), survey=survey, question=question)

    def page(status: int) -> HttpResponse:
        context = {"survey": survey, "question": question, "form": form}
        return render(request, "valuecreation/surveys_question_form.html", context, status=status)

    if survey.sent_at is not None:
        refusal = Refused(
            "This survey has been sent, so its questions can no longer change.", kind="conflict"
        )
        return refusal_response(
            request, refusal, then=reverse("valuecreation:survey_manage", args=[survey.pk])
        )
    if request.method == "POST" and form.is_valid():
        try:
            if question is None:
                services.add_question(survey, **form.values())
            else:
                services.update_question(question, **form.values())
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(request, "The question is saved.")
        return redirect("valuecreation:survey_manage", survey.pk)
    return page(form_status(form))


@require_http_methods(["GET", "POST"])
def question_create(request: Request, survey_id: int) -> HttpResponse:
    return _question_form(request, get_survey_for(request.user, survey_id, "manage"))


@require_http_methods(["GET", "POST"])
def question_edit(request: Request, survey_id: int, question_id: int) -> HttpResponse:
    question = get_question_for(request.user, survey_id, question_id)
    return _question_form(request, question.survey, question)


@require_POST
def question_remove(request: Request, survey_id: int, question_id: int) -> HttpResponse:
    question = get_question_for(request.user, survey_id, question_id)
    back = reverse("valuecreation:survey_manage", args=[survey_id])
    try:
        services.remove_question(question)
    except Refused as refusal:
        return refusal_response(request, refusal, then=back)
    messages.success(request, f"“{question.text}” is removed.")
    return redirect(back)


@require_POST
def question_move(request: Request, survey_id: int, question_id: int) -> HttpResponse:
    question = get_question_for(request.user, survey_id, question_id)
    back = reverse("valuecreation:survey_manage", args=[survey_id])
    try:
        services.move_question(question, up=request.POST.get("direction") != "down")
    except Refused as refusal:
        return refusal_response(request, refusal, then=back)
    return redirect(f"{back}#question-{question.pk}")


@require_POST
def survey_send(request: Request, survey_id: int) -> HttpResponse:
    survey = get_survey_for(request.user, survey_id, "manage")
    back = reverse("valuecreation:survey_manage", args=[survey.pk])
    try:
        sent = services.send_survey(survey, by=request.user)
    except Refused as refusal:
        return refusal_response(request, refusal, then=back)
    messages.success(request, f"The survey is sent to {sent} {'person' if sent == 1 else 'people'}.")
    return redirect(back)


@require_POST
def survey_close(request: Request, survey_id: int) -> HttpResponse:
    survey = get_survey_for(request.user, survey_id, "manage")
    back = reverse("valuecreation:survey_manage", args=[survey.pk])
    try:
        recorded = services.close_survey(survey)
    except Refused as refusal:
        return refusal_response(request, refusal, then=back)
    words = (
        f" and {recorded} indicator observation{'' if recorded == 1 else 's'} recorded" if recorded else ""
    )
    messages.success(request, f"The survey is closed{words}.")
    return redirect(back)


@require_http_methods(["GET", "POST"])
def survey_detail(request: Request, survey_id: int) -> HttpResponse:
    """A survey for the people it was sent to: one form, answered once, while it is open."""
    survey = get_survey_for(request.user, survey_id, "answer" if request.method == "POST" else "view")
    questions = list(survey.questions.all())
    form = AnswersForm(posted(request), questions=questions)
    answered = services.has_answered(survey, request.user)

    def page(status: int) -> HttpResponse:
        context = {
            "survey": survey,
            "form": form,
            "questions": [(question, form[field_name(question)]) for question in questions],
            "answered": answered,
            "is_open": services.is_open(survey),
            "state": services.state(survey),
            "not_yet_open": survey.opens_on > timezone.localdate(),
            "may_answer": can_answer_survey(request.user, survey),
            "can_manage": can_manage_survey(request.user, survey),
        }
        return render(request, "valuecreation/surveys_survey.html", context, status=status)

    if request.method == "POST" and form.is_valid():
        try:
            services.answer_survey(survey, person=request.user, answers=form.answers())
        except Refused as refusal:
            answered = answered or refusal.kind == "conflict" and services.has_answered(survey, request.user)
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(request, "Thank you: your answers are sent.")
        return redirect("valuecreation:survey", survey.pk)
    return page(form_status(form))


@require_POST
def event_rating(request: Request, event_id: int) -> HttpResponse:
    """Ask the people who came to an event that has ended how useful it was."""
    event = get_event_for(request.user, event_id, "manage")
    try:
        survey = services.ask_for_event_rating(event, by=request.user)
    except Refused as refusal:
        return refusal_response(request, refusal, then=event)
    messages.success(request, "The people who came are asked to rate it. Their answers show here.")
    return redirect("valuecreation:survey_manage", survey.pk)
