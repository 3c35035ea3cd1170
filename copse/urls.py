from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", include("copse.core.urls")),
    # Email addresses come from HR records (the import matches people by them), so people do not manage them here.
    path("accounts/email/", RedirectView.as_view(pattern_name="accounts:me"), name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("copse.accounts.urls")),
    path("", include("copse.communities.urls")),
    path("", include("copse.notifications.urls")),
    path("", include("copse.discussions.urls")),
    path("", include("copse.events.urls")),
    path("", include("copse.projects.urls")),
    path("", include("copse.library.urls")),
    path("", include("copse.valuecreation.urls")),
    path("", include("copse.news.urls")),
]
