from django.urls import path

from . import views

app_name = "library"

urlpatterns = [
    path("library/", views.library, name="library"),
    path("library/new/", views.resource_create, name="create"),
    path("library/<int:resource_id>/", views.resource_detail, name="detail"),
    path("library/<int:resource_id>/edit/", views.resource_edit, name="edit"),
    path("library/<int:resource_id>/versions/", views.replace_file, name="replace"),
    path("library/<int:resource_id>/best-practice/", views.best_practice, name="best_practice"),
    path(
        "library/<int:resource_id>/files/<int:version>/<str:filename>",
        views.download,
        name="download",
    ),
    path("library/collections/new/", views.collection_create, name="collection_create"),
    path("library/collections/<int:collection_id>/", views.collection_detail, name="collection"),
    path("library/collections/<int:collection_id>/edit/", views.collection_edit, name="collection_edit"),
    path("communities/<slug:slug>/library/", views.community_library, name="community_library"),
    path(
        "communities/<slug:slug>/discussions/<int:thread_id>/save-to-library/",
        views.save_thread,
        name="save_thread",
    ),
]
