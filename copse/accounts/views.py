from django.contrib import messages
from django.db.models import Q
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from copse.core.http import posted
from copse.core.pagination import keyset_page
from copse.core.refusals import form_status

from .forms import PeopleSearchForm, ProfileForm
from .http import StaffRequest
from .middleware import SESSION_KEY as TIMEZONE_SESSION_KEY
from .models import Person, User

PEOPLE_PAGE_SIZE = 50


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


@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    """Active staff by name, 50 at a time with keyset pagination on (lower(name), id)."""
    form = PeopleSearchForm(request.GET or None)
    q = form.cleaned_data["q"].strip() if form.is_valid() else ""
    people = User.objects.visible_to(request.user).select_related("person__department")
    if q:
        people = people.filter(
            Q(name__icontains=q)
            | Q(known_as__icontains=q)
            | Q(person__job_title__icontains=q)
            | Q(person__skills__name__iexact=q)
        ).distinct()
    page = keyset_page(
        people.annotate(sort_name=Lower("name")),
        sort_key="sort_name",
        cursor=request.GET.get("after", ""),
        size=PEOPLE_PAGE_SIZE,
    )
    context = {"form": form, "people": page.rows, "next_cursor": page.next_cursor, "q": q}
    return render(request, "accounts/person_list.html", context)
