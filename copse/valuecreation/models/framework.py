"""The value creation framework as data: its cycles, the forms of knowledge capital, and the indicators a
community can adopt.

Etienne and Beverly Wenger-Trayner's framework looks at the value a community creates in cycles: what its
activities are worth in themselves (immediate), what they produce that may be used later (potential), how practice
changes (applied), what improves as a result (realised) and how success itself is redefined (transformative), with
three more (orienting, enabling, strategic) a programme may look at too. The cycles are rows, not code: the
programme team words them for its own organisation and switches them on and off.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from copse.communities.models import Community
from copse.core.models import TimestampedModel
from copse.core.text import validate_single_line

NAME_MAX = 60
QUESTION_MAX = 300
DESCRIPTION_MAX = 1000
INDICATOR_NAME_MAX = 120

# The cycle whose indicators say which form of knowledge capital they measure.
POTENTIAL = "potential"


class Capital(models.TextChoices):
    """The forms knowledge capital takes: what an activity produced that may be used later (potential value)."""

    HUMAN = "human", "Human capital"
    SOCIAL = "social", "Social capital"
    TANGIBLE = "tangible", "Tangible capital"
    REPUTATIONAL = "reputational", "Reputational capital"
    LEARNING = "learning", "Learning capital"


CAPITAL_MEANINGS = {
    Capital.HUMAN: "What people now know and can do: skills, understanding, confidence, a new perspective.",
    Capital.SOCIAL: "Who people now know and trust: relationships, connections and people to ask.",
    Capital.TANGIBLE: "Things that can be picked up and used: documents, templates, tools, recordings.",
    Capital.REPUTATIONAL: "How the community and its members are seen: recognition, standing, trust from others.",
    Capital.LEARNING: "A changed way of learning together: new questions, reflection, the habit of asking.",
}


class ValueCycleQuerySet(models.QuerySet["ValueCycle"]):
    def enabled(self) -> ValueCycleQuerySet:
        """The cycles the programme looks at, in order: those the programme team has switched on."""
        return self.filter(is_enabled=True).order_by("position")


class ValueCycle(TimestampedModel):
    """One cycle of value creation, as the programme words it: a name, what it means and the question a person
    asks themselves about it. Stories have a step per cycle; indicators and reports are grouped by cycle."""

    key = models.SlugField(max_length=30, unique=True, editable=False)
    position = models.PositiveSmallIntegerField(unique=True, editable=False)
    name = models.CharField(max_length=NAME_MAX, validators=[validate_single_line])
    description = models.TextField(max_length=DESCRIPTION_MAX)
    question = models.CharField(
        max_length=QUESTION_MAX,
        validators=[validate_single_line],
        help_text="What someone telling a story asks themselves at this step.",
    )
    is_enabled = models.BooleanField(
        "switched on",
        default=True,
        help_text="Cycles that are off are left out of stories, indicators and reports.",
    )

    objects = ValueCycleQuerySet.as_manager()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class IndicatorDefinition(TimestampedModel):
    """Something that can be observed to show an effect (effect data), tied to one cycle. The shipped catalogue
    has no community; a community's own indicators belong to it."""

    class Measure(models.TextChoices):
        QUANTITATIVE = "quantitative", "A number"
        QUALITATIVE = "qualitative", "A description"

    class Source(models.TextChoices):
        PLATFORM = "platform", "Counted by Copse"
        SURVEY = "survey", "A survey"
        MANUAL = "manual", "Recorded by the community"
        ORGANISATIONAL = "organisational", "The organisation's own data"

    class Better(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"
        NEITHER = "neither", "Neither: it describes"

    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="indicator_definitions"
    )
    # A stable name for the shipped ones, which Copse counts by it when their source is the platform.
    key = models.SlugField(max_length=60, blank=True, editable=False)
    name = models.CharField(max_length=INDICATOR_NAME_MAX, validators=[validate_single_line])
    cycle = models.ForeignKey(ValueCycle, on_delete=models.PROTECT, related_name="indicators")
    capital = models.CharField(
        max_length=20,
        choices=Capital.choices,
        blank=True,
        help_text="For potential value: the form of capital.",
    )
    description = models.TextField(max_length=DESCRIPTION_MAX)
    measure = models.CharField(max_length=20, choices=Measure.choices, default=Measure.QUANTITATIVE)
    unit = models.CharField(max_length=40, blank=True, validators=[validate_single_line])
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL)
    better = models.CharField(max_length=10, choices=Better.choices, default=Better.HIGHER)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["cycle__position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(community__isnull=True) & ~models.Q(key=""),
                name="catalogue_indicator_key",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def in_catalogue(self) -> bool:
        return self.community_id is None

    def clean(self) -> None:
        """A form of capital belongs to potential value alone: the other cycles are not about capital."""
        if self.capital and self.cycle_id and self.cycle.key != POTENTIAL:
            raise ValidationError(
                {"capital": "Only indicators of potential value measure a form of capital."}
            )
