from django.urls import path

from . import views

app_name = "accounts"

# The people directory and profiles (/people/, /people/<id>/) show people's communities, so they live in
# communities; the photos they show are served from here.
urlpatterns = [
    path("me/", views.me, name="me"),
    path("me/photo/", views.upload_photo, name="upload_photo"),
    path("me/photo/remove/", views.remove_photo, name="remove_photo"),
    path("people/<int:pk>/photo/<slug:version>.webp", views.photo, name="photo"),
    path("people/<int:pk>/photo/<slug:version>.small.webp", views.photo, {"small": True}, name="small_photo"),
]
