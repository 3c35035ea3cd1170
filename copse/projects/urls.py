from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("projects/", views.project_list, name="list"),
    path("projects/new/", views.project_create, name="create"),
    path("projects/<int:project_id>/", views.project_detail, name="detail"),
    path("projects/<int:project_id>/edit/", views.project_edit, name="edit"),
    path("projects/<int:project_id>/updates/", views.post_update, name="updates"),
    path("projects/<int:project_id>/follow/", views.follow, name="follow"),
    path(
        "projects/<int:project_id>/attachments/<int:attachment_id>/<str:filename>",
        views.attachment,
        name="attachment",
    ),
    path("communities/<slug:slug>/projects/", views.community_projects, name="community_projects"),
]
