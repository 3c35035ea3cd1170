from django.urls import path

from . import views

urlpatterns = [
    path("communities/<slug:slug>/discussions/", views.thread_index, name="thread_list"),
    path("communities/<slug:slug>/discussions/new/", views.thread_create, name="thread_create"),
    path("communities/<slug:slug>/discussions/<int:thread_id>/", views.thread_detail, name="thread_detail"),
    path("communities/<slug:slug>/discussions/<int:thread_id>/reply/", views.post_reply, name="thread_reply"),
    path(
        "communities/<slug:slug>/discussions/<int:thread_id>/accept/<int:post_id>/",
        views.accept,
        name="thread_accept",
    ),
    path(
        "communities/<slug:slug>/discussions/<int:thread_id>/moderate/",
        views.thread_moderate,
        name="thread_moderate",
    ),
    path("communities/<slug:slug>/discussions/<int:thread_id>/move/", views.thread_move, name="thread_move"),
    path("communities/<slug:slug>/moderation/", views.moderation_queue, name="moderation_queue"),
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
    path("posts/<int:post_id>/flag/", views.post_flag, name="post_flag"),
    path("posts/<int:post_id>/hide/", views.post_hide, name="post_hide"),
    path("posts/<int:post_id>/restore/", views.post_restore, name="post_restore"),
    path("posts/<int:post_id>/dismiss/", views.post_dismiss_flags, name="post_dismiss_flags"),
    path("posts/<int:post_id>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:post_id>/delete/", views.post_delete, name="post_delete"),
    path("posts/<int:post_id>/react/", views.post_react, name="post_react"),
    path("help/", views.help_requests, name="help_requests"),
]
