from django.contrib import admin
from django.urls import include, path

from copse.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("accessibility/", core_views.accessibility, name="accessibility"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("copse.accounts.urls")),
    path("", include("copse.communities.urls")),
]
