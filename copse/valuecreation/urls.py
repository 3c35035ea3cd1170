from django.urls import path

from .views import cycles, surveys

app_name = "valuecreation"

urlpatterns = [
    path("value/how/", cycles.how_it_works, name="how"),
    path("value/cycles/", cycles.cycle_list, name="cycles"),
    path("value/cycles/<slug:key>/", cycles.cycle_edit, name="cycle_edit"),
    # Surveys
    path("communities/<slug:slug>/value/surveys/", surveys.community_surveys, name="community_surveys"),
    path("communities/<slug:slug>/value/surveys/new/", surveys.survey_create, name="survey_create"),
    path("value/surveys/", surveys.programme_surveys, name="programme_surveys"),
    path("value/surveys/new/", surveys.programme_survey_create, name="programme_survey_create"),
    path("value/surveys/<int:survey_id>/", surveys.survey_detail, name="survey"),
    path("value/surveys/<int:survey_id>/manage/", surveys.survey_manage, name="survey_manage"),
    path("value/surveys/<int:survey_id>/edit/", surveys.survey_edit, name="survey_edit"),
    path("value/surveys/<int:survey_id>/send/", surveys.survey_send, name="survey_send"),
    path("value/surveys/<int:survey_id>/close/", surveys.survey_close, name="survey_close"),
    path("value/surveys/<int:survey_id>/questions/new/", surveys.question_create, name="question_create"),
    path(
        "value/surveys/<int:survey_id>/questions/<int:question_id>/",
        surveys.question_edit,
        name="question_edit",
    ),
    path(
        "value/surveys/<int:survey_id>/questions/<int:question_id>/remove/",
        surveys.question_remove,
        name="question_remove",
    ),
    path(
        "value/surveys/<int:survey_id>/questions/<int:question_id>/move/",
        surveys.question_move,
        name="question_move",
    ),
    path("value/events/<int:event_id>/rating/", surveys.event_rating, name="event_rating"),
]
