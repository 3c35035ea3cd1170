from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("communities/", views.community_list, name="community_list"),
    path("communities/propose/", views.propose, name="propose"),
    path("communities/proposals/", views.proposal_list, name="proposal_list"),
    path("communities/<slug:slug>/", views.community_detail, name="community_detail"),
    path("communities/<slug:slug>/join/", views.join, name="join"),
    path("communities/<slug:slug>/withdraw/", views.withdraw, name="withdraw"),
    path("communities/<slug:slug>/leave/", views.leave, name="leave"),
    path("communities/<slug:slug>/edit/", views.edit, name="community_edit"),
    path("communities/<slug:slug>/status/", views.change_status, name="community_status"),
    path("communities/<slug:slug>/review/", views.decide_proposal, name="proposal_decide"),
    path("communities/<slug:slug>/members/", views.members, name="community_members"),
    path("communities/<slug:slug>/members/add/", views.add_member, name="member_add"),
    path("communities/<slug:slug>/members/<int:membership_id>/role/", views.change_role, name="member_role"),
    path(
        "communities/<slug:slug>/members/<int:membership_id>/remove/",
        views.remove_member,
        name="member_remove",
    ),
    path("communities/<slug:slug>/requests/", views.join_requests, name="join_requests"),
    path("communities/<slug:slug>/requests/<int:request_id>/", views.decide, name="join_request_decide"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("areas/", views.area_list, name="area_list"),
    path("areas/new/", views.area_form, name="area_create"),
    path("areas/<slug:slug>/", views.area_detail, name="area_detail"),
    path("areas/<slug:slug>/edit/", views.area_form, name="area_edit"),
]
