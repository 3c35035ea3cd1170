"""The framework's own pages: how value creation works, for everyone, and the cycles, for the programme team."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from copse.accounts.http import StaffRequest as Request
from copse.core.http import posted
from copse.core.refusals import Refused, form_status, refusal_response

from ..forms.cycles import CycleForm
from ..models import CAPITAL_MEANINGS, POTENTIAL, IndicatorDefinition, ValueCycle
from ..permissions import can_edit_cycles, get_cycle_for, require_cycle_editor
from ..services import cycles as services


@require_GET
def how_it_works(request: Request) -> HttpResponse:
    """The cycles the programme looks at, the forms of capital, and the shipped indicators of each cycle."""
    cycles = list(ValueCycle.objects.enabled())
    catalogue = IndicatorDefinition.objects.filter(community=None, cycle__in=cycles).select_related("cycle")
    by_cycle = {key: list(rows) for key, rows in groupby(catalogue, key=lambda i: i.cycle_id)}
    context = {
        "cycles": [(cycle, by_cycle.get(cycle.pk, [])) for cycle in cycles],
        "capitals": CAPITAL_MEANINGS.items(),
        "potential": POTENTIAL,
        "can_edit_cycles": can_edit_cycles(request.user),
    }
    return render(request, "valuecreation/how.html", context)


@require_GET
def cycle_list(request: Request) -> HttpResponse:
    require_cycle_editor(request.user)
    return render(request, "valuecreation/cycles.html", {"cycles": ValueCycle.objects.all()})


@require_http_methods(["GET", "POST"])
def cycle_edit(request: Request, key: str) -> HttpResponse:
    cycle = get_cycle_for(request.user, key)
    form = CycleForm.of(cycle, posted(request))

    def page(status: int) -> HttpResponse:
        return render(request, "valuecreation/cycle_form.html", {"cycle": cycle, "form": form}, status=status)

    if request.method == "POST" and form.is_valid():
        try:
            services.update_cycle(cycle, **form.cleaned_data)
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(request, f"{cycle.name} is saved.")
        return redirect("valuecreation:cycles")
    return page(form_status(form))
