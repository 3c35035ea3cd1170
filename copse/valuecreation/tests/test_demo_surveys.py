"""The demo's surveys step runs through the services on a small organisation and leaves a completed survey."""

from __future__ import annotations

from copse.testing import PersonasTestCase
from copse.valuecreation.demo_surveys import demo
from copse.valuecreation.models import IndicatorObservation, Survey


class DemoSurveysTests(PersonasTestCase):
    def test_the_demo_writes_a_completed_survey_and_the_platform_indicators(self) -> None:
        summary = demo(seed=1)
        assert summary.startswith("value surveys: a completed survey answered by 2 members")
        survey = Survey.objects.get(community=self.community, event=None)
        assert survey.recorded_at is not None
        assert survey.questions.count() == 6
        assert IndicatorObservation.objects.filter(source="survey", question__survey=survey).count() == 5
        assert IndicatorObservation.objects.filter(source="platform").exists()
