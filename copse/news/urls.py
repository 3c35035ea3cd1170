from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("news/", views.news_list, name="list"),
    path("news/feed.atom", feeds.public_feed, name="feed"),
    path("news/new/", views.news_create, name="create"),
    path("news/drafts/", views.news_drafts, name="drafts"),
    path("news/<int:post_id>/", views.news_detail, name="detail"),
    path("news/<int:post_id>/edit/", views.news_edit, name="edit"),
    path("news/<int:post_id>/picture/<slug:version>.webp", views.picture, name="picture"),
    path(
        "news/<int:post_id>/picture/<slug:version>.small.webp",
        views.picture,
        {"small": True},
        name="small_picture",
    ),
]
