"""The demo's value creation: the framework as shipped (its migration wrote it; a database emptied since has lost
it). Aspirations, indicators' observations and stories come with the capabilities that write them."""

from .models import IndicatorDefinition, ValueCycle
from .shipped import ship


def extend_demo(*, seed: int) -> str:
    ship(ValueCycle, IndicatorDefinition)
    cycles = ValueCycle.objects.enabled().count()
    indicators = IndicatorDefinition.objects.filter(community=None).count()
    return f"value creation: {cycles} cycles switched on, {indicators} indicators in the catalogue"
