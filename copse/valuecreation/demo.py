"""The demo's value creation, written through the services people use: the framework as shipped (its migration
wrote it; a database emptied since has lost it), then each community's aspirations, uncertainties and indicators
with two years of observations, the stories members tell, and surveys with the indicators Copse counts itself."""

from . import demo_framing, demo_stories, demo_surveys
from .models import IndicatorDefinition, ValueCycle
from .shipped import ship


def extend_demo(*, seed: int) -> str:
    ship(ValueCycle, IndicatorDefinition)
    cycles = ValueCycle.objects.enabled().count()
    indicators = IndicatorDefinition.objects.filter(community=None).count()
    parts = [
        f"{cycles} cycles switched on, {indicators} indicators in the catalogue",
        demo_framing.demo(seed=seed),
        demo_stories.demo(seed=seed),
        demo_surveys.demo(seed=seed),
    ]
    return "value creation: " + "; ".join(parts)
