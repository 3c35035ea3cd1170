from django.urls import path

from . import views

app_name = "discussions"

urlpatterns = [
    path("communities/<slug:slug>/discussions/", views.thread_index, name="thread_list"),
    path("communities/<slug:slug>/discussions/new/", views.thread_create, name="thread_create"),
    path("communities/<slug:slug>/discussions/mentions/", views.mention_suggestions, name="mentions"),
    path("communities/<slug:slug>/discussions/read/", views.mark_all_read, name="mark_all_read"),
    path("communities/<slug:slug>/discussions/<int:thread_id>/", views.thread_detail, name="thread"),
    path("communities/<slug:slug>/discussions/<int:thread_id>/reply/", views.post_reply, name="reply"),
    path(
        "communities/<slug:slug>/discussions/<int:thread_id>/attachments/<int:attachment_id>/<str:filename>",
        views.attachment,
        name="attachment",
    ),
    path(
        "communities/<slug:slug>/discussions/<int:thread_id>/accept/<int:post_id>/",
        views.accept,
        name="accept",
    ),
    path(
        "communities/<slug:slug>/discussions/<int:thread_id>/moderate/",
        views.thread_moderate,
        name="moderate_thread",
    ),
    path("communities/<slug:slug>/discussions/<int:thread_id>/move/", views.thread_move, name="move_thread"),
    path("communities/<slug:slug>/moderation/", views.moderation_queue, name="moderation"),
    path(
        "communities/<slug:slug>/discussions/<int:thread_id>/subscription/",
        views.thread_subscription,
        name="thread_subscription",
    ),
    path(
        "communities/<slug:slug>/discussions/subscription/",
        views.community_subscription,
        name="community_subscription",
    ),
    path("posts/<int:post_id>/flag/", views.post_flag, name="flag_post"),
    path("posts/<int:post_id>/hide/", views.post_hide, name="hide_post"),
    path("posts/<int:post_id>/restore/", views.post_restore, name="restore_post"),
    path("posts/<int:post_id>/dismiss/", views.post_dismiss_flags, name="dismiss_flags"),
    path("posts/<int:post_id>/edit/", views.post_edit, name="edit_post"),
    path("posts/<int:post_id>/delete/", views.post_delete, name="delete_post"),
    path("posts/<int:post_id>/react/", views.post_react, name="react"),
    path("help/", views.help_requests, name="help"),
]
