from django.urls import path

from copse.communities.views import person_list

from . import views

app_name = "accounts"

# The people directory filters by community (and shows only the communities whose member list the viewer may
# see), so its view lives with the profile page in communities; its name stays here, where the header links to it.
urlpatterns = [
    path("me/", views.me, name="me"),
    path("people/", person_list, name="people"),
]
