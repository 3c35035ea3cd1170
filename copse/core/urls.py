from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("brand.css", views.brand_css, name="brand_css"),
    path("styleguide/", views.styleguide, name="styleguide"),
]
