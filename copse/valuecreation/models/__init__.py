"""The value creation framework's models, by topic: the framework itself (cycles, capital, indicators), what a
person, community, service area or the organisation frames (aspirations and uncertainties), effect data
(indicators adopted and observed), contribution data (stories told in steps) and surveys."""

from .framework import (
    CAPITAL_MEANINGS,
    DESCRIPTION_MAX,
    INDICATOR_NAME_MAX,
    NAME_MAX,
    POTENTIAL,
    QUESTION_MAX,
    Capital,
    IndicatorDefinition,
    ValueCycle,
)
from .framing import Aspiration, AspirationRevision, Risk, Scope, Uncertainty
from .indicators import IndicatorAdoption, IndicatorObservation
from .stories import Audience, StoryStatus, StoryStep, Valence, ValueStory
from .surveys import QuestionKind, Survey, SurveyAnswer, SurveyParticipation, SurveyQuestion, SurveyResponse

# Groups smaller than this are never shown a figure of their own where it could identify the people in them.
SMALL_GROUP = 5

__all__ = [
    "CAPITAL_MEANINGS",
    "DESCRIPTION_MAX",
    "INDICATOR_NAME_MAX",
    "NAME_MAX",
    "POTENTIAL",
    "QUESTION_MAX",
    "SMALL_GROUP",
    "Aspiration",
    "AspirationRevision",
    "Audience",
    "Capital",
    "IndicatorAdoption",
    "IndicatorDefinition",
    "IndicatorObservation",
    "QuestionKind",
    "Risk",
    "Scope",
    "StoryStatus",
    "StoryStep",
    "Survey",
    "SurveyAnswer",
    "SurveyParticipation",
    "SurveyQuestion",
    "SurveyResponse",
    "Uncertainty",
    "Valence",
    "ValueCycle",
    "ValueStory",
]
