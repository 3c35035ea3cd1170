from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from copse.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("accessibility/", core_views.accessibility, name="accessibility"),
    # Email addresses come from HR records (the import matches people by them), so people do not manage them here.
    path("accounts/email/", RedirectView.as_view(pattern_name="me"), name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("copse.accounts.urls")),
    path("", include("copse.communities.urls")),
    path("", include("copse.notifications.urls")),
    path("", include("copse.discussions.urls")),
    path("", include("copse.events.urls")),
]
