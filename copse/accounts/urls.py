from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("me/", views.me, name="me"),
    path("me/photo/", views.upload_photo, name="upload_photo"),
    path("me/photo/remove/", views.remove_photo, name="remove_photo"),
    path("people/<int:pk>/photo/<slug:version>.webp", views.photo, name="photo"),
    path("people/", views.person_list, name="people"),
]
