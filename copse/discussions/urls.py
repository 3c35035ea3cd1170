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
    path("posts/<int:post_id>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:post_id>/delete/", views.post_delete, name="post_delete"),
    path("posts/<int:post_id>/react/", views.post_react, name="post_react"),
    path("help/", views.help_requests, name="help_requests"),
]
