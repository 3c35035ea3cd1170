"""The demo's steps beyond the organisation: each app registers its own, in its `AppConfig.ready`.

`seed_demo` builds the organisation (staff, communities, memberships, requests) and then runs the registered steps
in their `order`, each as `function(seed=...)` returning a one-line summary. A step is named by its dotted path
and imported only when the demo runs, so starting Copse never loads demo code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class DemoStep:
    order: int  # lower first; steps that build on another's data come after it
    function: str  # dotted path of a callable taking `seed` and returning a one-line summary

    def load(self) -> Callable[..., str]:
        step: Callable[..., str] = import_string(self.function)
        return step


_steps: dict[str, DemoStep] = {}


def register_demo_step(function: str, *, order: int) -> None:
    """Add an app's demo step (registering the same function again changes nothing)."""
    _steps[function] = DemoStep(order=order, function=function)


def demo_steps() -> list[DemoStep]:
    """The registered steps, in the order they run."""
    return sorted(_steps.values(), key=lambda step: (step.order, step.function))
