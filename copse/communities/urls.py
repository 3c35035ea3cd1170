from django.urls import path

from . import views

app_name = "communities"

urlpatterns = [
    path("", views.home, name="home"),
    path("communities/", views.community_list, name="list"),
    path("communities/propose/", views.propose, name="propose"),
    path("communities/proposals/", views.proposal_list, name="proposals"),
    path("communities/<slug:slug>/", views.community_detail, name="detail"),
    path("communities/<slug:slug>/join/", views.join, name="join"),
    path("communities/<slug:slug>/withdraw/", views.withdraw, name="withdraw"),
    path("communities/<slug:slug>/leave/", views.leave, name="leave"),
    path("communities/<slug:slug>/edit/", views.edit, name="edit"),
    path("communities/<slug:slug>/status/", views.change_status, name="status"),
    path("communities/<slug:slug>/review/", views.decide_proposal, name="decide_proposal"),
    path("communities/<slug:slug>/members/", views.members, name="members"),
    path("communities/<slug:slug>/members/add/", views.add_member, name="add_member"),
    path("communities/<slug:slug>/members/<int:membership_id>/role/", views.change_role, name="change_role"),
    path(
        "communities/<slug:slug>/members/<int:membership_id>/remove/",
        views.remove_member,
        name="remove_member",
    ),
    path("communities/<slug:slug>/requests/", views.join_requests, name="requests"),
    path("communities/<slug:slug>/requests/<int:request_id>/", views.decide, name="decide_request"),
    path("people/", views.person_list, name="people"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("areas/", views.area_list, name="areas"),
    path("areas/new/", views.area_form, name="area_create"),
    path("areas/<slug:slug>/", views.area_detail, name="area"),
    path("areas/<slug:slug>/edit/", views.area_form, name="area_edit"),
]
