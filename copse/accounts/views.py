from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from copse.core.http import posted
from copse.core.refusals import form_status

from .forms import ProfileForm
from .http import StaffRequest
from .middleware import SESSION_KEY as TIMEZONE_SESSION_KEY
from .models import Person


@require_http_methods(["GET", "POST"])
def me(request: StaffRequest) -> HttpResponse:
    person, _ = Person.objects.get_or_create(user=request.user)
    form = ProfileForm(posted(request), instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        request.session[TIMEZONE_SESSION_KEY] = saved.timezone
        messages.success(request, "Your profile has been saved.")
        return redirect("accounts:me")
    return render(request, "accounts/me.html", {"form": form}, status=form_status(form))
