from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import condition, require_GET, require_http_methods, require_safe

from copse.accounts.http import StaffRequest as Request
from copse.communities.models import Community
from copse.core.files import download
from copse.core.http import posted
from copse.core.images import CONTENT_TYPE
from copse.core.pagination import keyset_page
from copse.core.refusals import Refused, form_status, refusal_response

from . import services
from .forms import NewsForm
from .models import NewsPost
from .permissions import can_edit_news, can_publish_in, can_view_news, get_news_for, get_picture_for
from .pictures import small_name

NEWS_PAGE_SIZE = 20
# A year: a picture's address has its version in it, so what is behind an address never changes.
PICTURE_MAX_AGE = 365 * 24 * 60 * 60
LIST_RELATED = ("community", "recognised_community", "recognised_person")


@login_not_required
@require_GET
def news_list(request: HttpRequest) -> HttpResponse:
    """Published posts the person may see, newest first; signed out, the public ones."""
    posts = NewsPost.objects.readable_by(request.user).published().select_related(*LIST_RELATED)
    page = keyset_page(
        posts,
        sort_key="publish_at",
        cursor=request.GET.get("after", ""),
        size=NEWS_PAGE_SIZE,
        descending=True,
    )
    user = request.user
    context = {
        "page": page,
        "can_publish": user.is_authenticated and can_publish_in(user, None),
        "has_drafts": user.is_authenticated and NewsPost.objects.editable_by(user).scheduled().exists(),
    }
    return render(request, "news/news_list.html", context)


@login_not_required
@require_GET
def news_detail(request: HttpRequest, post_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        # Signed out: public programme news only; anything else may be for staff, so sign in first.
        post = NewsPost.objects.filter(pk=post_id).select_related(*LIST_RELATED).first()
        if post is None or not can_view_news(request.user, post):
            return redirect_to_login(request.get_full_path())
    else:
        post = get_news_for(request.user, post_id)
    context = {"post": post, "can_edit": can_edit_news(request.user, post)}
    return render(request, "news/news_detail.html", context)


@require_GET
def news_drafts(request: Request) -> HttpResponse:
    """Scheduled posts not yet published, for who may edit them."""
    posts = NewsPost.objects.editable_by(request.user).scheduled().select_related(*LIST_RELATED)
    return render(request, "news/news_drafts.html", {"posts": list(posts.order_by("publish_at", "pk")[:200])})


@require_http_methods(["GET", "POST"])
def news_create(request: Request) -> HttpResponse:
    """Programme news by the programme team; `?community=<slug>` for a community's news by its leads."""
    slug = request.GET.get("community", "")
    community: Community | None = None
    if slug:
        community = Community.objects.visible_to(request.user).filter(slug=slug).first()
        if community is None:
            raise Http404("No community found.")
    if not can_publish_in(request.user, community):
        raise PermissionDenied
    form = NewsForm(posted(request), request.FILES or None, programme=community is None)

    def page(status: int) -> HttpResponse:
        return render(request, "news/news_form.html", {"form": form, "community": community}, status=status)

    if request.method == "POST" and form.is_valid():
        try:
            post = services.publish_news(
                by=request.user,
                community=community,
                text=form.news_text(),
                picture=form.cleaned_data.get("picture"),
            )
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(request, "The post is published." if post.is_published else "The post is scheduled.")
        return redirect(post)
    return page(form_status(form))


@require_http_methods(["GET", "POST"])
def news_edit(request: Request, post_id: int) -> HttpResponse:
    post = get_news_for(request.user, post_id, action="edit")
    form = NewsForm(posted(request), request.FILES or None, post=post, programme=post.community is None)

    def page(status: int) -> HttpResponse:
        context = {"form": form, "community": post.community, "post": post}
        return render(request, "news/news_form.html", context, status=status)

    if request.method == "POST" and form.is_valid():
        try:
            services.update_news(
                post,
                by=request.user,
                text=form.news_text(),
                picture=form.cleaned_data.get("picture"),
                remove_picture=bool(form.cleaned_data.get("remove_picture")),
            )
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(request, "Your changes are saved.")
        return redirect(post)
    return page(form_status(form))


@login_not_required
@require_safe
@condition(etag_func=lambda request, post_id, version, small=False: f"{version}.small" if small else version)
def picture(request: HttpRequest, post_id: int, version: str, small: bool = False) -> FileResponse:
    """A post's picture (or its small copy), Copse's own WebP, inline to whoever may read the post, with the
    download's safe headers, cacheable for a year."""
    post = get_picture_for(request.user, post_id, version)
    name = str(post.picture.name)
    response = download(
        small_name(name) if small else name,
        filename=f"news-{post.pk}{'-small' if small else ''}.webp",
        content_type=CONTENT_TYPE,
        inline=True,
        storage=post.picture.storage,
    )
    response["Cache-Control"] = f"private, max-age={PICTURE_MAX_AGE}, immutable"
    if can_view_news(AnonymousUser(), post):
        # Public news is in the Atom feed, and feed readers on the web show its pictures from their own pages.
        response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response
