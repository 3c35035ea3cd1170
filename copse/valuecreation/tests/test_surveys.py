"""Value surveys: writing one, sending it, answering it (once, within its dates, within its scale), its results
(hidden from small groups), anonymity, turning answers into observations, and rating an event."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from copse.communities.models import Role
from copse.core.refusals import Refused
from copse.notifications.models import Notification
from copse.testing import (
    EventFactory,
    MembershipFactory,
    PersonasTestCase,
    RegistrationFactory,
    UserFactory,
)
from copse.valuecreation.models import (
    SMALL_GROUP,
    IndicatorDefinition,
    IndicatorObservation,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyParticipation,
    SurveyResponse,
    ValueCycle,
)
from copse.valuecreation.permissions import can_view_survey, surveys_visible_to
from copse.valuecreation.services import surveys as services

TODAY = timezone.localdate()


class SurveyTestCase(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.immediate = ValueCycle.objects.get(key="immediate")
        cls.quality = IndicatorDefinition.objects.get(community=None, key="interaction_quality")

    def make_survey(self, *, questions: int = 1, send: bool = False, **kwargs: Any) -> Survey:
        values: dict[str, Any] = {
            "community": self.community,
            "audience": Survey.Audience.MEMBERS,
            "title": "How are we doing?",
            "opens_on": TODAY,
            "closes_on": TODAY + dt.timedelta(days=13),
            "by": self.lead,
        }
        values.update(kwargs)
        survey = services.create_survey(**values)
        for n in range(questions):
            services.add_question(
                survey,
                text=f"How useful was the community this term? ({n})",
                kind=QuestionKind.SCALE,
                cycle=self.immediate,
                indicator=self.quality,
                is_required=True,
            )
        if send:
            with self.captureOnCommitCallbacks(execute=True):
                services.send_survey(survey, by=self.lead)
            survey.refresh_from_db()
        return survey

    def members(self, count: int) -> list[Any]:
        people = [UserFactory() for _ in range(count)]
        for person in people:
            MembershipFactory(community=self.community, person=person)
        return people


class CreatingTests(SurveyTestCase):
    def test_a_lead_creates_a_survey_that_is_anonymous_by_default(self) -> None:
        survey = self.make_survey(questions=0)
        assert survey.is_anonymous
        assert survey.sent_at is None

    def test_a_survey_cannot_open_in_the_past(self) -> None:
        with self.assertRaises(Refused) as refused:
            self.make_survey(opens_on=TODAY - dt.timedelta(days=1))
        assert refused.exception.field == "opens_on"
        assert not Survey.objects.exists()

    def test_a_survey_cannot_close_before_it_opens(self) -> None:
        with self.assertRaises(Refused) as refused:
            self.make_survey(closes_on=TODAY - dt.timedelta(days=1))
        assert refused.exception.field == "closes_on"

    def test_a_community_survey_is_not_for_everyone(self) -> None:
        with self.assertRaises(Refused) as refused:
            self.make_survey(audience=Survey.Audience.EVERYONE)
        assert refused.exception.field == "audience"

    def test_an_attendees_survey_needs_a_past_event_of_the_community(self) -> None:
        upcoming = EventFactory(community=self.community)
        with self.assertRaises(Refused) as refused:
            self.make_survey(audience=Survey.Audience.ATTENDEES, event=upcoming)
        assert refused.exception.field == "event"
        other = EventFactory(community=self.open_community, starts_at=timezone.now() - dt.timedelta(days=2))
        with self.assertRaises(Refused):
            self.make_survey(audience=Survey.Audience.ATTENDEES, event=other)

    def test_a_scale_must_run_upwards_and_a_choice_needs_two_choices(self) -> None:
        survey = self.make_survey(questions=0)
        with self.assertRaises(Refused) as refused:
            services.add_question(
                survey, text="Rate", kind="scale", scale_min=5, scale_max=5, cycle=self.immediate
            )
        assert refused.exception.field == "scale_max"
        with self.assertRaises(Refused) as refused:
            services.add_question(
                survey, text="Pick", kind="choice", choices="Only one", cycle=self.immediate
            )
        assert refused.exception.field == "choices"
        assert not survey.questions.exists()

    def test_a_question_needs_a_cycle_that_is_switched_on(self) -> None:
        survey = self.make_survey(questions=0)
        strategic = ValueCycle.objects.get(key="strategic")
        with self.assertRaises(Refused) as refused:
            services.add_question(survey, text="Who noticed?", kind="text", cycle=strategic)
        assert refused.exception.field == "cycle"

    def test_a_question_cannot_feed_another_communitys_indicator(self) -> None:
        survey = self.make_survey(questions=0)
        theirs = IndicatorDefinition.objects.create(
            community=self.open_community, name="Their own", cycle=self.immediate, description="Theirs."
        )
        with self.assertRaises(Refused) as refused:
            services.add_question(survey, text="Rate", kind="scale", cycle=self.immediate, indicator=theirs)
        assert refused.exception.field == "indicator"

    def test_questions_are_reordered_and_removed_before_sending(self) -> None:
        survey = self.make_survey(questions=3)
        first, second, third = survey.questions.all()
        services.move_question(third, up=True)
        assert list(survey.questions.all()) == [first, third, second]
        services.move_question(first, up=True)  # the first stays first
        assert list(survey.questions.all())[0] == first
        services.remove_question(second)
        assert list(survey.questions.all()) == [first, third]

    def test_a_survey_without_questions_cannot_be_sent(self) -> None:
        survey = self.make_survey(questions=0)
        with self.assertRaises(Refused):
            services.send_survey(survey, by=self.lead)
        survey.refresh_from_db()
        assert survey.sent_at is None

    def test_sending_tells_the_members_after_commit_and_freezes_the_questions(self) -> None:
        survey = self.make_survey(send=True)
        told = set(Notification.objects.filter(kind="surveys").values_list("recipient", flat=True))
        assert told == {self.core.pk, self.member.pk}  # not the lead who sent it
        assert survey.sent_at is not None
        with self.assertRaises(Refused):
            services.add_question(survey, text="Another", kind="text", cycle=self.immediate)
        with self.assertRaises(Refused):
            services.send_survey(survey, by=self.lead)


class AnsweringTests(SurveyTestCase):
    def test_a_member_answers_once(self) -> None:
        survey = self.make_survey(send=True)
        question = survey.questions.get()
        services.answer_survey(survey, person=self.member, answers={question.pk: "4"})
        with self.assertRaises(Refused) as refused:
            services.answer_survey(survey, person=self.member, answers={question.pk: "5"})
        assert refused.exception.kind == "conflict"
        assert SurveyAnswer.objects.get().number == Decimal(4)

    def test_an_answer_outside_the_scale_is_refused_beside_it_and_nothing_is_written(self) -> None:
        survey = self.make_survey(send=True)
        question = survey.questions.get()
        with self.assertRaises(Refused) as refused:
            services.answer_survey(survey, person=self.member, answers={question.pk: "9"})
        assert refused.exception.field == f"q{question.pk}"
        assert not SurveyParticipation.objects.exists()
        assert not SurveyResponse.objects.exists()

    def test_a_required_question_must_be_answered(self) -> None:
        survey = self.make_survey(send=True)
        with self.assertRaises(Refused):
            services.answer_survey(survey, person=self.member, answers={})

    def test_nobody_answers_before_it_opens_or_after_it_closes(self) -> None:
        survey = self.make_survey(send=True, opens_on=TODAY + dt.timedelta(days=2))
        question = survey.questions.get()
        with self.assertRaises(Refused):
            services.answer_survey(survey, person=self.member, answers={question.pk: "3"})
        with self.assertRaises(Refused):
            services.answer_survey(
                survey,
                person=self.member,
                answers={question.pk: "3"},
                today=survey.closes_on + dt.timedelta(days=1),
            )
        assert not SurveyParticipation.objects.exists()

    def test_someone_outside_the_audience_cannot_answer(self) -> None:
        survey = self.make_survey(send=True)
        question = survey.questions.get()
        with self.assertRaises(Refused) as refused:
            services.answer_survey(survey, person=self.outsider, answers={question.pk: "3"})
        assert refused.exception.kind == "forbidden"

    def test_an_anonymous_survey_keeps_who_apart_from_what(self) -> None:
        survey = self.make_survey(send=True)
        question = survey.questions.get()
        services.answer_survey(survey, person=self.member, answers={question.pk: "2"})
        services.answer_survey(survey, person=self.core, answers={question.pk: "5"})
        # Who answered: a participation each, which says nothing of what or when.
        assert {f.name for f in SurveyParticipation._meta.concrete_fields} == {"id", "survey", "person"}
        # What was answered: no respondent, no time, and keys that are random (no order to pair them by).
        assert set(SurveyResponse.objects.values_list("respondent", flat=True)) == {None}
        for model in (SurveyResponse, SurveyAnswer):
            fields = model._meta.concrete_fields
            assert not [f for f in fields if f.get_internal_type() in ("DateTimeField", "DateField")]
            assert model._meta.pk.get_internal_type() == "UUIDField"
            assert not [f for f in fields if f.get_internal_type() in ("AutoField", "BigAutoField")]
            assert not [
                f
                for f in fields
                if f.related_model is not None
                and f.related_model._meta.model_name == "user"
                and f.name != "respondent"
            ]

    def test_a_named_survey_records_the_respondent(self) -> None:
        survey = self.make_survey(send=True, is_anonymous=False)
        question = survey.questions.get()
        services.answer_survey(survey, person=self.member, answers={question.pk: "2"})
        assert SurveyResponse.objects.get().respondent == self.member


class ResultsTests(SurveyTestCase):
    def test_results_hide_every_figure_until_five_have_answered(self) -> None:
        survey = self.make_survey(send=True)
        question = survey.questions.get()
        for person in self.members(SMALL_GROUP - 1):
            services.answer_survey(survey, person=person, answers={question.pk: "5"})
        services.close_survey(survey, today=TODAY)
        survey.refresh_from_db()
        found = services.results(survey, today=TODAY)
        assert found.people == SMALL_GROUP - 1
        assert not found.shown
        assert found.questions[0].mean is None
        response = self.client_for("lead").get(f"/value/surveys/{survey.pk}/manage/")
        self.assertContains(response, "Results show once 5 people have answered")

    def test_an_anonymous_survey_shows_nothing_until_it_has_closed(self) -> None:
        # Read before and after a colleague answers, live results would tell what that colleague said.
        survey = self.make_survey(send=True)
        question = survey.questions.get()
        for person in self.members(SMALL_GROUP + 1):
            services.answer_survey(survey, person=person, answers={question.pk: "4"})
        found = services.results(survey, today=TODAY)
        assert not found.shown and found.until_closed and found.questions[0].mean is None
        page = self.client_for("lead").get(f"/value/surveys/{survey.pk}/manage/")
        self.assertContains(page, "Results show once the survey has closed")
        services.close_survey(survey, today=TODAY)
        survey.refresh_from_db()
        found = services.results(survey, today=TODAY)
        assert found.shown and found.questions[0].mean == Decimal("4.0")

    def test_a_question_fewer_than_five_answered_shows_nothing_of_what_they_said(self) -> None:
        survey = self.make_survey(questions=1, send=False, is_anonymous=False)
        optional = services.add_question(survey, text="Anything else?", kind="text", cycle=self.immediate)
        services.send_survey(survey, by=self.lead)
        required = survey.questions.exclude(pk=optional.pk).get()
        for n, person in enumerate(self.members(SMALL_GROUP)):
            answers = {required.pk: "3"} | ({optional.pk: "Only I said this"} if n == 0 else {})
            services.answer_survey(survey, person=person, answers=answers)
        by_question = {r.question.pk: r for r in services.results(survey, today=TODAY).questions}
        assert by_question[required.pk].shown and by_question[required.pk].mean == Decimal("3.0")
        assert not by_question[optional.pk].shown and by_question[optional.pk].texts == []
        page = self.client_for("lead").get(f"/value/surveys/{survey.pk}/manage/").content.decode()
        assert "Only I said this" not in page and "Fewer than 5 people answered this question" in page

    def test_results_give_counts_means_distributions_and_words_without_names(self) -> None:
        survey = self.make_survey(questions=0, send=False)
        scale = services.add_question(survey, text="Useful?", kind="scale", cycle=self.immediate)
        choice = services.add_question(
            survey, text="Which?", kind="choice", choices="Talks\nThreads", cycle=self.immediate
        )
        words = services.add_question(survey, text="What changed?", kind="text", cycle=self.immediate)
        services.send_survey(survey, by=self.lead)
        people = self.members(5)
        for n, person in enumerate(people):
            services.answer_survey(
                survey,
                person=person,
                answers={
                    scale.pk: str(n + 1),
                    choice.pk: "Talks" if n < 3 else "Threads",
                    words.pk: f"Idea {n}",
                },
            )
        services.close_survey(survey, today=TODAY)
        survey.refresh_from_db()
        found = services.results(survey, today=TODAY)
        assert found.shown
        by_question = {r.question.pk: r for r in found.questions}
        assert by_question[scale.pk].mean == Decimal("3.0")
        assert by_question[scale.pk].count == 5
        assert by_question[choice.pk].distribution == [("Talks", 3), ("Threads", 2)]
        assert [name for _, name in by_question[words.pk].texts] == [""] * 5
        page = self.client_for("lead").get(f"/value/surveys/{survey.pk}/manage/").content.decode()
        assert "Idea 3" in page
        assert not any(person.name in page for person in people)

    def test_the_results_page_costs_the_same_for_five_and_many_answers(self) -> None:
        survey = self.make_survey(questions=2, send=True, is_anonymous=False)
        questions = list(survey.questions.all())

        def answer(count: int) -> None:
            for person in self.members(count):
                services.answer_survey(survey, person=person, answers={q.pk: "4" for q in questions})

        client = self.client_for("lead")
        url = f"/value/surveys/{survey.pk}/manage/"
        answer(5)
        client.get(url)  # the session's first request writes to it
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        answer(20)
        with self.assertNumQueries(len(few)):
            assert client.get(url).status_code == 200


class ObservationTests(SurveyTestCase):
    def test_closing_records_one_observation_per_indicator_question_and_again_never_twice(self) -> None:
        survey = self.make_survey(send=True)
        question = survey.questions.get()
        for n, person in enumerate(self.members(3)):
            services.answer_survey(survey, person=person, answers={question.pk: str(n + 3)})
        assert services.close_survey(survey) == 1
        observation = IndicatorObservation.objects.get()
        assert observation.source == IndicatorObservation.Source.SURVEY
        assert observation.question == question
        assert observation.value == Decimal("4.00")
        assert observation.people == 3  # fewer than SMALL_GROUP: reports hide it
        assert (observation.period_start, observation.period_end) == (survey.opens_on, TODAY)
        assert observation.community == self.community
        services.record_survey_observations(survey)
        assert IndicatorObservation.objects.count() == 1
        with self.assertRaises(Refused):
            services.close_survey(survey)

    def test_the_periodic_command_records_closed_surveys_once(self) -> None:
        survey = self.make_survey(send=True)
        question = survey.questions.get()
        services.answer_survey(survey, person=self.member, answers={question.pk: "4"})
        later = survey.closes_on + dt.timedelta(days=1)
        assert services.close_due_surveys(today=survey.closes_on) == services.Closed(0, 0)
        assert services.close_due_surveys(today=later) == services.Closed(1, 1)
        assert services.close_due_surveys(today=later) == services.Closed(0, 0)
        survey.refresh_from_db()
        assert survey.recorded_at is not None
        call_command("close_value_surveys", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert IndicatorObservation.objects.count() == 1


class EventRatingTests(SurveyTestCase):
    def past_event(self) -> Any:
        start = timezone.now() - dt.timedelta(days=1)
        return EventFactory(
            community=self.community,
            title="Year-end close",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
        )

    def test_one_click_asks_the_people_marked_as_attended(self) -> None:
        event = self.past_event()
        RegistrationFactory(event=event, person=self.member, attended=True)
        RegistrationFactory(event=event, person=self.core, attended=False)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client_for("lead").post(f"/value/events/{event.pk}/rating/")
        survey = Survey.objects.get(event=event)
        self.assertRedirects(response, f"/value/surveys/{survey.pk}/manage/")
        question = survey.questions.get()
        assert question.text == "How useful was Year-end close?"
        assert (question.scale_min, question.scale_max, question.cycle.key) == (1, 5, "immediate")
        assert question.indicator == self.quality
        assert survey.is_anonymous and survey.sent_at is not None
        assert survey.closes_on - survey.opens_on == dt.timedelta(days=13)
        told = set(Notification.objects.filter(kind="surveys").values_list("recipient", flat=True))
        assert told == {self.member.pk}
        assert not can_view_survey(self.core, survey)

    def test_with_no_attendance_recorded_the_people_going_are_asked(self) -> None:
        event = self.past_event()
        RegistrationFactory(event=event, person=self.member)
        survey = services.ask_for_event_rating(event, by=self.lead)
        assert can_view_survey(self.member, survey)

    def test_an_event_not_over_yet_cannot_be_rated_and_nor_twice(self) -> None:
        upcoming = EventFactory(community=self.community)
        RegistrationFactory(event=upcoming, person=self.member)
        with self.assertRaises(Refused):
            services.ask_for_event_rating(upcoming, by=self.lead)
        event = self.past_event()
        RegistrationFactory(event=event, person=self.member)
        services.ask_for_event_rating(event, by=self.lead)
        with self.assertRaises(Refused):
            services.ask_for_event_rating(event, by=self.lead)
        assert Survey.objects.count() == 1

    def test_the_event_page_offers_it_to_its_leads_after_the_event(self) -> None:
        event = self.past_event()
        for persona, shown in (("lead", True), ("programme_admin", True), ("member", False)):
            page = self.client_for(persona).get(f"/events/{event.pk}/")
            assert ("Ask the people who came to rate it" in page.content.decode()) is shown, persona


class AccessTests(SurveyTestCase):
    def test_the_predicate_and_the_queryset_agree_for_every_persona(self) -> None:
        drafts = self.make_survey(title="Draft")
        sent = self.make_survey(title="Sent", send=True)
        private = self.make_survey(title="Circle", community=self.private_community, send=True)
        event = EventFactory(community=self.community, starts_at=timezone.now() - dt.timedelta(days=2))
        RegistrationFactory(event=event, person=self.member, attended=True)
        RegistrationFactory(event=event, person=self.core, attended=False)
        rating = services.ask_for_event_rating(event, by=self.lead)
        programme = services.create_survey(
            community=None,
            audience=Survey.Audience.EVERYONE,
            title="Programme",
            opens_on=TODAY,
            closes_on=TODAY,
            by=self.programme_admin,
        )
        surveys = [drafts, sent, private, rating, programme]
        for name in ("programme_admin", "lead", "core", "member", "outsider", "operator"):
            person = self.persona(name)
            listed = set(surveys_visible_to(person).values_list("pk", flat=True))
            for survey in surveys:
                assert (survey.pk in listed) is can_view_survey(person, survey), (name, survey.title)
        assert not can_view_survey(self.member, drafts)
        assert can_view_survey(self.member, sent)
        assert not can_view_survey(self.member, private)
        assert can_view_survey(self.member, rating) and not can_view_survey(self.core, rating)

    def test_the_community_survey_list_costs_the_same_for_two_and_many(self) -> None:
        client = self.client_for("lead")
        url = f"/communities/{self.community.slug}/value/surveys/"
        for _ in range(2):
            self.make_survey(send=True)
        client.get(url)  # the session's first request writes to it
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        for _ in range(8):
            self.make_survey(send=True)
        with self.assertNumQueries(len(few)):
            response = client.get(url)
        assert response.content.decode().count("How are we doing?") == 10

    def test_the_programme_survey_list_costs_the_same_for_two_and_many(self) -> None:
        client = self.client_for("member")

        def programme_survey() -> None:
            survey = services.create_survey(
                community=None,
                audience=Survey.Audience.EVERYONE,
                title="Communities and you",
                opens_on=TODAY,
                closes_on=TODAY,
                by=self.programme_admin,
            )
            services.add_question(survey, text="Useful?", kind="scale", cycle=self.immediate)
            services.send_survey(survey, by=self.programme_admin)

        for _ in range(2):
            programme_survey()
        client.get("/value/surveys/")  # the session's first request writes to it
        with CaptureQueriesContext(connection) as few:
            assert client.get("/value/surveys/").status_code == 200
        for _ in range(6):
            programme_survey()
        with self.assertNumQueries(len(few)):
            response = client.get("/value/surveys/")
        assert response.content.decode().count('<p class="item-title">') == 8


class PageTests(SurveyTestCase):
    def test_a_lead_creates_a_survey_and_adds_a_question_through_the_pages(self) -> None:
        client = self.client_for("lead")
        response = client.post(
            f"/communities/{self.community.slug}/value/surveys/new/",
            {
                "title": "Our first term",
                "opens_on": TODAY.isoformat(),
                "closes_on": (TODAY + dt.timedelta(days=7)).isoformat(),
                "audience": "members",
                "is_anonymous": "on",
            },
        )
        survey = Survey.objects.get()
        self.assertRedirects(response, f"/value/surveys/{survey.pk}/manage/")
        response = client.post(
            f"/value/surveys/{survey.pk}/questions/new/",
            {
                "text": "How useful?",
                "kind": "scale",
                "scale_min": "1",
                "scale_max": "5",
                "cycle": self.immediate.pk,
            },
        )
        self.assertRedirects(response, f"/value/surveys/{survey.pk}/manage/")
        assert survey.questions.count() == 1

    def test_the_programme_team_runs_a_survey_for_everyone(self) -> None:
        client = self.client_for("programme_admin")
        response = client.post(
            "/value/surveys/new/",
            {"title": "Communities and you", "opens_on": TODAY.isoformat(), "closes_on": TODAY.isoformat()},
        )
        survey = Survey.objects.get()
        self.assertRedirects(response, f"/value/surveys/{survey.pk}/manage/")
        assert (survey.community, survey.audience) == (None, Survey.Audience.EVERYONE)
        page = client.get(f"/value/surveys/{survey.pk}/questions/new/")
        self.assertContains(page, "Quality of interactions (Immediate value)")
        services.add_question(
            survey, text="Useful?", kind="scale", cycle=self.immediate, indicator=self.quality
        )
        with self.captureOnCommitCallbacks(execute=True):
            client.post(f"/value/surveys/{survey.pk}/send/")
        told = set(Notification.objects.filter(kind="surveys").values_list("recipient", flat=True))
        assert {self.outsider.pk, self.member.pk, self.lead.pk} <= told
        self.assertContains(self.client_for("outsider").get("/value/surveys/"), "Communities and you")

    def test_a_date_in_the_past_is_shown_beside_its_field(self) -> None:
        response = self.client_for("lead").post(
            f"/communities/{self.community.slug}/value/surveys/new/",
            {
                "title": "Late",
                "opens_on": (TODAY - dt.timedelta(days=3)).isoformat(),
                "closes_on": TODAY.isoformat(),
                "audience": "members",
            },
        )
        assert response.status_code == 400
        self.assertContains(response, "cannot open in the past", status_code=400)
        assert not Survey.objects.exists()

    def test_a_tampered_answer_is_refused_beside_the_field(self) -> None:
        survey = self.make_survey(send=True)
        question = survey.questions.get()
        response = self.client_for("member").post(f"/value/surveys/{survey.pk}/", {f"q{question.pk}": "42"})
        assert response.status_code == 400
        self.assertContains(response, "Choose a rating from 1 to 5.", status_code=400)
        self.assertContains(response, f'id="id_q{question.pk}-error"', status_code=400)
        assert not SurveyParticipation.objects.exists()

    def test_answering_twice_shows_a_friendly_page(self) -> None:
        survey = self.make_survey(send=True)
        question = survey.questions.get()
        client = self.client_for("member")
        response = client.post(f"/value/surveys/{survey.pk}/", {f"q{question.pk}": "4"})
        self.assertRedirects(response, f"/value/surveys/{survey.pk}/")
        again = client.post(f"/value/surveys/{survey.pk}/", {f"q{question.pk}": "5"})
        assert again.status_code == 409
        self.assertContains(again, "You have already answered this survey.", status_code=409)
        self.assertContains(
            client.get(f"/value/surveys/{survey.pk}/"), "You have already answered this survey."
        )
        assert SurveyAnswer.objects.count() == 1

    def test_a_survey_not_open_yet_says_when_it_opens(self) -> None:
        survey = self.make_survey(send=True, opens_on=TODAY + dt.timedelta(days=3))
        page = self.client_for("member").get(f"/value/surveys/{survey.pk}/")
        self.assertContains(page, "This survey opens on")
        self.assertNotContains(page, "Send my answers")

    def test_a_closed_survey_says_so(self) -> None:
        survey = self.make_survey(send=True)
        services.close_survey(survey, today=TODAY)
        page = self.client_for("member").get(f"/value/surveys/{survey.pk}/")
        self.assertContains(page, "This survey has closed")

    def test_the_lead_closes_it_now(self) -> None:
        survey = self.make_survey(send=True)
        response = self.client_for("lead").post(f"/value/surveys/{survey.pk}/close/")
        self.assertRedirects(response, f"/value/surveys/{survey.pk}/manage/")
        survey.refresh_from_db()
        assert survey.recorded_at is not None

    def test_leads_of_another_community_cannot_manage_it(self) -> None:
        other_lead = UserFactory()
        MembershipFactory(community=self.open_community, person=other_lead, role=Role.LEAD)
        survey = self.make_survey(send=True)
        client = self.client_for(None)
        client.force_login(other_lead)
        assert client.get(f"/value/surveys/{survey.pk}/manage/").status_code == 404
