from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from copse.accounts.http import StaffRequest as Request
from copse.communities.models import Community, Membership
from copse.core.attachments import from_uploads
from copse.core.files import download
from copse.core.http import posted
from copse.core.markdown import preview_markdown
from copse.core.refusals import Refused, form_status, refusal_from, refusal_response

from . import mentions, services
from .forms import (
    MentionSearchForm,
    ModerateThreadForm,
    MoveThreadForm,
    PostForm,
    PreviewForm,
    ReactionForm,
    ReasonForm,
    ReplyForm,
    SubscriptionForm,
    ThreadFilterForm,
    ThreadForm,
)
from .models import Kind, Post, Thread
from .permissions import (
    can_accept_answer,
    can_moderate,
    can_post,
    can_reply,
    can_start,
    can_view_thread,
    get_attachment_for,
    get_discussions_for,
    get_moderation_for,
    get_post_for,
    get_thread_for,
)
from .queries import (
    flagged_posts,
    moderated_communities,
    moderation_log,
    open_help_requests,
    read_state,
    subscription_state,
    thread_list,
    thread_posts,
)

HELP_PAGE_SIZE = 50
SUBSCRIPTION_DONE = {
    "following": "You are following {name}: you will hear about new replies.",
    "muted": "You have muted {name}: you will not hear about it.",
    "default": "You will hear about {name} as your notification settings say.",
}
THREAD_ACTION_DONE = {
    "lock": "The thread is locked: no one can reply.",
    "unlock": "The thread is unlocked: members can reply again.",
    "pin": "The thread is pinned to the top of the list.",
    "unpin": "The thread is no longer pinned.",
}


def _at_post(post: Post) -> str:
    return f"{post.thread.get_absolute_url()}#post-{post.pk}"


def _thread_list_context(request: Request, community: Community) -> dict[str, object]:
    """The discussions list as the query string filters it, with what is new for the viewer in each thread."""
    filters = ThreadFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    pinned, page = thread_list(
        community,
        viewer=request.user,
        kind=chosen.get("kind", ""),
        solved=chosen.get("solved", ""),
        cursor=request.GET.get("after", ""),
    )
    can_write = can_post(request.user, community)
    return {"community": community, "filters": filters, "pinned": pinned, "page": page, "can_post": can_write}


# The lists say what is new to the person, so the browser must ask again when they come back to one (with the
# Back button too), rather than show the copy it kept from before they read a thread.
@require_GET
@never_cache
def thread_index(request: Request, slug: str) -> HttpResponse:
    community = get_discussions_for(request.user, slug)
    context = _thread_list_context(request, community) | {
        "subscription": subscription_state(request.user, community=community),
    }
    return render(request, "discussions/thread_list.html", context)


@require_POST
def mark_all_read(request: Request, slug: str) -> HttpResponse:
    """ "Mark all as read" for one community's discussions: back to the list (with its filters), or for htmx the
    list itself with the message."""
    community = get_discussions_for(request.user, slug)
    services.mark_community_read(community, person=request.user)
    messages.success(request, f"All discussions in {community.name} are marked as read.")
    if request.htmx:
        context = _thread_list_context(request, community)
        return render(request, "discussions/thread_list.html#threads", context)
    query = request.GET.urlencode()
    return redirect(reverse("discussions:thread_list", args=[slug]) + (f"?{query}" if query else ""))


@require_http_methods(["GET", "POST"])
def thread_create(request: Request, slug: str) -> HttpResponse:
    community = get_discussions_for(request.user, slug)
    if not can_post(request.user, community):
        raise PermissionDenied
    allowed = [kind for kind in Kind.values if can_start(request.user, community, kind)]
    form = ThreadForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        allowed_kinds=allowed,
        community=community,
        initial={"kind": request.GET.get("kind")},
    )
    preview: SafeString | None = None

    def page(status: int) -> HttpResponse:
        context = {"community": community, "form": form, "preview": preview}
        return render(request, "discussions/thread_form.html", context, status=status)

    if request.method == "POST":
        try:
            preview = _preview(request, community)
            if preview is None and form.is_valid():
                data = form.cleaned_data
                thread = services.start_thread(
                    community,
                    author=request.user,
                    kind=data["kind"],
                    title=data["title"],
                    body=data["body"],
                    files=from_uploads(data["attachments"]),
                    image_descriptions=data["image_descriptions"],
                )
                messages.success(request, "Your post is up. Members can now reply.")
                return redirect(thread)
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
    return page(form_status(form))


def _preview(request: Request, community: Community) -> SafeString | None:
    """With the "Preview" button, the post as it will look, mentions linked, instead of posting it (a few times
    a minute)."""
    text = PreviewForm(posted(request)).text()
    if text is None:
        return None
    return preview_markdown(text, person_id=request.user.pk, mentions=mentions.resolver_for(community))


@require_GET
def thread_detail(request: Request, slug: str, thread_id: int) -> HttpResponse:
    try:
        thread = get_thread_for(request.user, slug, thread_id)
    except Http404:
        # A thread moderators moved keeps working at its old address, for those who may read it.
        moved = Thread.objects.select_related("community").filter(pk=thread_id).first()
        if moved is not None and moved.community.slug != slug and can_view_thread(request.user, moved):
            return redirect(moved)
        raise
    initial = {"body": _quote(thread, request.GET.get("quote", ""))}
    return _thread_page(request, thread, ReplyForm(initial=initial, community=thread.community))


def _quote(thread: Thread, post_id: str) -> str:
    """`?quote=<post id>` starts the reply with that post quoted, in Markdown, with who wrote it."""
    if not post_id.isdecimal() or len(post_id) > 18:
        return ""
    post = thread.posts.filter(pk=int(post_id), deleted_at__isnull=True, hidden_at__isnull=True).first()
    if post is None:
        return ""
    author = post.author.name if post.author else "Someone"
    quoted = "\n".join(f"> {line}" if line else ">" for line in post.body.splitlines())
    return f"{author} wrote:\n\n{quoted}\n\n"


def _thread_page(
    request: Request,
    thread: Thread,
    reply_form: ReplyForm,
    status: int = 200,
    preview: SafeString | None = None,
) -> HttpResponse:
    user = request.user
    posts = thread_posts(thread, viewer=user)
    new_posts = _read(request, thread, posts)
    context = {
        "community": thread.community,
        "thread": thread,
        "posts": posts,
        "new_posts": new_posts,
        "first_new_id": new_posts[0].pk if new_posts else None,
        "reply_form": reply_form,
        "can_reply": can_reply(user, thread),
        "can_accept": can_accept_answer(user, thread),
        "preview": preview,
        "can_moderate": can_moderate(user, thread.community),
        "subscription": subscription_state(user, thread=thread),
    }
    if context["can_moderate"]:
        context["move_targets"] = moderated_communities(user).exclude(pk=thread.community_id)
    return render(request, "discussions/thread_detail.html", context, status=status)


def _read(request: Request, thread: Thread, posts: list[Post]) -> list[Post]:
    """The posts new to the viewer since they last read the thread; then their read position moves to the
    latest post shown, with no write when it is there already."""
    state = read_state(thread, viewer=request.user)
    latest = max((post.created_at for post in posts), default=None)
    if latest is not None and state.moves_to(latest):
        services.mark_thread_read(thread, person=request.user, up_to=latest)
    return state.new_posts(posts, viewer=request.user)


@require_POST
def post_reply(request: Request, slug: str, thread_id: int) -> HttpResponse:
    thread = get_thread_for(request.user, slug, thread_id, "post")
    form = ReplyForm(request.POST, request.FILES, community=thread.community)
    preview: SafeString | None = None

    def page(status: int) -> HttpResponse:
        return _thread_page(request, thread, form, status=status, preview=preview)

    try:
        preview = _preview(request, thread.community)
        if preview is not None:
            return page(200)
        if form.is_valid():
            data = form.cleaned_data
            post = services.reply(
                thread,
                author=request.user,
                body=data["body"],
                files=from_uploads(data["attachments"]),
                image_descriptions=data["image_descriptions"],
            )
            messages.success(request, "Your reply has been posted.")
            return redirect(f"{thread.get_absolute_url()}#post-{post.pk}")
    except Refused as refusal:
        return refusal_response(request, refusal, form=form, page=page)
    return page(form_status(form))


@require_safe
def attachment(
    request: Request, slug: str, thread_id: int, attachment_id: int, filename: str
) -> FileResponse:
    """A file attached to a post, for whoever may read the post: an image Copse re-encoded is shown in the page,
    any other file is a download with headers that stop a browser from running it."""
    item = get_attachment_for(request.user, slug, thread_id, attachment_id, filename)
    return download(
        str(item.file.name), filename=item.filename, content_type=item.content_type, inline=item.is_image
    )


@require_POST
def accept(request: Request, slug: str, thread_id: int, post_id: int) -> HttpResponse:
    thread = get_thread_for(request.user, slug, thread_id, "accept")
    post = get_object_or_404(thread.posts, pk=post_id)
    try:
        services.accept_answer(thread, post=post)
    except Refused as refusal:
        return refusal_response(request, refusal, then=thread)
    messages.success(request, "Marked as the answer. The help request now shows as solved.")
    return redirect(thread)


@require_http_methods(["GET", "POST"])
def post_edit(request: Request, post_id: int) -> HttpResponse:
    post = get_post_for(request.user, post_id, "edit")
    form = PostForm(posted(request), initial={"body": post.body}, community=post.thread.community)

    def page(status: int) -> HttpResponse:
        context = {"post": post, "thread": post.thread, "community": post.thread.community, "form": form}
        return render(request, "discussions/post_edit.html", context, status=status)

    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(post, body=form.cleaned_data["body"])
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(request, "Your post has been updated.")
        return redirect(_at_post(post))
    return page(form_status(form))


@require_POST
def post_delete(request: Request, post_id: int) -> HttpResponse:
    post = get_post_for(request.user, post_id, "edit")
    services.delete_post(post)
    messages.success(request, "Your post has been deleted.")
    return redirect(post.thread)


@require_POST
def post_react(request: Request, post_id: int) -> HttpResponse:
    post = get_post_for(request.user, post_id, "post")
    form = ReactionForm(request.POST)
    try:
        if not form.is_valid():
            raise refusal_from(form)
        services.toggle_reaction(post, person=request.user, kind=form.cleaned_data["kind"])
    except Refused as refusal:
        return refusal_response(request, refusal, then=_at_post(post))
    return redirect(_at_post(post))


@require_GET
def mention_suggestions(request: Request, slug: str) -> HttpResponse:
    """The people whose name starts with `?q=`, to mention in a post here: the options of the editor's list."""
    community = get_discussions_for(request.user, slug)
    if not can_post(request.user, community):
        raise PermissionDenied
    form = MentionSearchForm(request.GET)
    people: list[mentions.Suggestion] = []

    def page(status: int) -> HttpResponse:
        context = {"people": people, "form": form}
        return render(request, "discussions/_mention_suggestions.html", context, status=status)

    try:
        mentions.take_suggestions(request.user.pk)
        if form.is_valid():
            people = mentions.suggestions(community, form.cleaned_data["q"], viewer=request.user)
    except Refused as refusal:
        return refusal_response(request, refusal, form=form, page=page)
    return page(form_status(form))


@require_GET
@never_cache
def help_requests(request: Request) -> HttpResponse:
    threads = list(open_help_requests(request.user)[:HELP_PAGE_SIZE])
    # The empty page fits the person: someone in no community is pointed to finding one, not told to ask in theirs.
    in_a_community = bool(threads) or Membership.objects.current().filter(person=request.user).exists()
    context = {"threads": threads, "page_size": HELP_PAGE_SIZE, "in_a_community": in_a_community}
    return render(request, "discussions/help.html", context)


def _reason_page(
    request: Request, post: Post, form: ReasonForm, template: str, status: int | None = None
) -> HttpResponse:
    """The page of a post's report or hiding form; by default 400 when the form has errors."""
    context = {"post": post, "thread": post.thread, "community": post.thread.community, "form": form}
    return render(request, template, context, status=form_status(form) if status is None else status)


def _reason_form_view(
    request: Request, post: Post, template: str, act: Callable[[str], object], done: str
) -> HttpResponse:
    """A post's page of one required reason: on a valid POST `act(reason)`, then back to the post with `done`."""
    form = ReasonForm(posted(request), required=True)
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data["reason"])
        except Refused as refusal:
            page = partial(_reason_page, request, post, form, template)
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(request, done)
        return redirect(_at_post(post))
    return _reason_page(request, post, form, template)


@require_http_methods(["GET", "POST"])
def post_flag(request: Request, post_id: int) -> HttpResponse:
    """Anyone who can read a post asks the moderators to look at it, with a reason."""
    post = get_post_for(request.user, post_id)
    return _reason_form_view(
        request,
        post,
        "discussions/post_flag.html",
        lambda reason: services.flag_post(post, person=request.user, reason=reason),
        "Thank you. The community's moderators will look at the post.",
    )


@require_http_methods(["GET", "POST"])
def post_hide(request: Request, post_id: int) -> HttpResponse:
    post = get_post_for(request.user, post_id, "moderate")
    return _reason_form_view(
        request,
        post,
        "discussions/post_hide.html",
        lambda reason: services.hide_post(post, by=request.user, reason=reason),
        "The post is hidden from members. The reason is in the moderation log.",
    )


@require_POST
def post_restore(request: Request, post_id: int) -> HttpResponse:
    post = get_post_for(request.user, post_id, "moderate")
    form = ReasonForm(request.POST, required=False)
    try:
        if not form.is_valid():
            raise refusal_from(form)
        services.restore_post(post, by=request.user, reason=form.cleaned_data["reason"])
    except Refused as refusal:
        return refusal_response(request, refusal, then=_at_post(post))
    messages.success(request, "The post is visible to members again.")
    return redirect(_at_post(post))


@require_POST
def post_dismiss_flags(request: Request, post_id: int) -> HttpResponse:
    post = get_post_for(request.user, post_id, "moderate")
    form = ReasonForm(request.POST, required=False)
    queue = reverse("discussions:moderation", args=[post.thread.community.slug])
    try:
        if not form.is_valid():
            raise refusal_from(form)
        services.dismiss_flags(post, by=request.user, reason=form.cleaned_data["reason"])
    except Refused as refusal:
        return refusal_response(request, refusal, then=queue)
    messages.success(request, "The flags are dismissed and the post stays.")
    return redirect(queue)


@require_POST
def thread_moderate(request: Request, slug: str, thread_id: int) -> HttpResponse:
    """Lock, unlock, pin or unpin a thread."""
    thread = get_thread_for(request.user, slug, thread_id, "moderate")
    form = ModerateThreadForm(request.POST)
    try:
        if not form.is_valid():
            raise refusal_from(form)
        action = form.cleaned_data["action"]
        services.moderate_thread(thread, by=request.user, action=action, reason=form.cleaned_data["reason"])
    except Refused as refusal:
        return refusal_response(request, refusal, then=thread)
    messages.success(request, THREAD_ACTION_DONE[action])
    return redirect(thread)


@require_POST
def thread_move(request: Request, slug: str, thread_id: int) -> HttpResponse:
    """Move a thread to another community the moderator also moderates."""
    thread = get_thread_for(request.user, slug, thread_id, "moderate")
    targets = {c.slug: c for c in moderated_communities(request.user).exclude(pk=thread.community_id)}
    form = MoveThreadForm(request.POST, targets=[(c.slug, c.name) for c in targets.values()])
    try:
        if not form.is_valid():
            raise refusal_from(form)
        target = targets[form.cleaned_data["to"]]
        thread = services.move_thread(thread, to=target, by=request.user, reason=form.cleaned_data["reason"])
    except Refused as refusal:
        return refusal_response(request, refusal, then=thread)
    messages.success(request, f"The thread has moved to {target.name}.")
    return redirect(thread)


@require_GET
def moderation_queue(request: Request, slug: str) -> HttpResponse:
    community = get_moderation_for(request.user, slug)
    context = {"community": community, "flagged": flagged_posts(community), "log": moderation_log(community)}
    return render(request, "discussions/moderation.html", context)


@require_POST
def thread_subscription(request: Request, slug: str, thread_id: int) -> HttpResponse:
    """Follow or mute a thread, or go back to the defaults."""
    thread = get_thread_for(request.user, slug, thread_id)
    form = SubscriptionForm(request.POST)
    try:
        if not form.is_valid():
            raise refusal_from(form)
        services.set_subscription(request.user, thread=thread, state=form.cleaned_data["state"])
    except Refused as refusal:
        return refusal_response(request, refusal, then=thread)
    messages.success(request, SUBSCRIPTION_DONE[form.cleaned_data["state"]].format(name="this thread"))
    return redirect(thread)


@require_POST
def community_subscription(request: Request, slug: str) -> HttpResponse:
    """Follow or mute a community's discussions, or go back to the defaults."""
    community = get_discussions_for(request.user, slug)
    form = SubscriptionForm(request.POST)
    then = reverse("discussions:thread_list", args=[slug])
    try:
        if not form.is_valid():
            raise refusal_from(form)
        services.set_subscription(request.user, community=community, state=form.cleaned_data["state"])
    except Refused as refusal:
        return refusal_response(request, refusal, then=then)
    messages.success(request, SUBSCRIPTION_DONE[form.cleaned_data["state"]].format(name=community.name))
    return redirect(then)
