from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import (
    condition,
    require_http_methods,
    require_POST,
    require_safe,
)

from copse.core.http import posted
from copse.core.refusals import Refused, form_status, refusal_response

from . import services
from .forms import PhotoForm, ProfileForm
from .http import StaffRequest
from .middleware import SESSION_KEY as TIMEZONE_SESSION_KEY
from .models import Person
from .permissions import get_photo_for
from .photos import CONTENT_TYPE, EXTENSION, small_name

# A year: a photo's address has its version in it, so what is behind an address never changes.
PHOTO_MAX_AGE = 365 * 24 * 60 * 60


def own_profile(request: StaffRequest) -> Person:
    """The signed-in person's profile (made on first visit), linked both ways so their face needs no query."""
    person, _ = Person.objects.get_or_create(user=request.user)
    person.user = request.user
    return person


def me_page(
    request: StaffRequest,
    person: Person,
    *,
    form: ProfileForm | None = None,
    photo_form: PhotoForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The profile page, with either form as submitted (and its errors) and the other one fresh."""
    context = {
        "form": form or ProfileForm(instance=person, user=request.user),
        "photo_form": photo_form or PhotoForm(),
        "person": person,
    }
    return render(request, "accounts/me.html", context, status=status)


@require_http_methods(["GET", "POST"])
def me(request: StaffRequest) -> HttpResponse:
    person = own_profile(request)
    form = ProfileForm(posted(request), instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        request.session[TIMEZONE_SESSION_KEY] = saved.timezone
        messages.success(request, "Your profile has been saved.")
        return redirect("accounts:me")
    return me_page(request, person, form=form, status=form_status(form))


@require_POST
def upload_photo(request: StaffRequest) -> HttpResponse:
    person = own_profile(request)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        return me_page(request, person, photo_form=form, status=form_status(form))
    try:
        services.set_photo(person, upload=form.cleaned_data["photo"])
    except Refused as refusal:
        return refusal_response(
            request,
            refusal,
            form=form,
            page=lambda status: me_page(request, person, photo_form=form, status=status),
        )
    messages.success(request, "Your photo has been saved. Colleagues see it beside your name.")
    return redirect("accounts:me")


@require_POST
def remove_photo(request: StaffRequest) -> HttpResponse:
    try:
        services.remove_photo(own_profile(request))
    except Refused as refusal:
        return refusal_response(request, refusal, then="accounts:me")
    messages.success(request, "Your photo has been removed. Colleagues see your initials instead.")
    return redirect("accounts:me")


@require_safe
@condition(etag_func=lambda request, pk, version, small=False: f"{version}.small" if small else version)
def photo(request: HttpRequest, pk: int, version: str, small: bool = False) -> FileResponse:
    """A person's photo, or its small copy, streamed from storage (any backend) to signed-in colleagues, cacheable
    for a year."""
    person = get_photo_for(request.user, pk, version)
    try:
        file = (
            person.photo.storage.open(small_name(str(person.photo.name)))
            if small
            else person.photo.open("rb")
        )
    except FileNotFoundError:
        raise Http404("No photo found.") from None
    response = FileResponse(file, content_type=CONTENT_TYPE)
    response["Cache-Control"] = f"private, max-age={PHOTO_MAX_AGE}, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Content-Disposition"] = f'inline; filename="{pk}.{EXTENSION}"'
    return response
