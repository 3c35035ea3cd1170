from django.urls import URLPattern, path

from .models import Scope
from .views import cycles, framing, indicators, reports, stories, surveys

app_name = "valuecreation"


def framing_urls(scope: Scope, prefix: str) -> list[URLPattern]:
    """The aspirations and uncertainties of one level, under its own prefix, named for it
    (`community_aspiration_create`, `my_aspiration_create`)."""
    name = framing.URL_PREFIX[scope]
    level = {"scope": scope}
    return [
        path(f"{prefix}aspirations/new/", framing.aspiration_create, level, name=f"{name}_aspiration_create"),
        path(
            f"{prefix}aspirations/<int:pk>/edit/",
            framing.aspiration_revise,
            level,
            name=f"{name}_aspiration_revise",
        ),
        path(
            f"{prefix}aspirations/<int:pk>/history/",
            framing.aspiration_history,
            level,
            name=f"{name}_aspiration_history",
        ),
        path(
            f"{prefix}aspirations/<int:pk>/set-aside/",
            framing.aspiration_set_aside,
            level,
            name=f"{name}_aspiration_set_aside",
        ),
        path(
            f"{prefix}uncertainties/new/",
            framing.uncertainty_create,
            level,
            name=f"{name}_uncertainty_create",
        ),
        path(
            f"{prefix}uncertainties/<int:pk>/edit/",
            framing.uncertainty_edit,
            level,
            name=f"{name}_uncertainty_edit",
        ),
        path(
            f"{prefix}uncertainties/<int:pk>/resolve/",
            framing.uncertainty_resolve,
            level,
            name=f"{name}_uncertainty_resolve",
        ),
        path(
            f"{prefix}uncertainties/<int:pk>/reopen/",
            framing.uncertainty_reopen,
            level,
            name=f"{name}_uncertainty_reopen",
        ),
    ]


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
    # Framing: a community's on its Value tab; a person's own, a service area's and the organisation's.
    path("communities/<slug:slug>/value/", framing.community_value, name="community_value"),
    path("value/aspirations/", framing.framing_page, {"scope": Scope.PERSON}, name="my_framing"),
    path(
        "value/organisation/aspirations/",
        framing.framing_page,
        {"scope": Scope.ORGANISATION},
        name="organisation_framing",
    ),
    path(
        "areas/<slug:slug>/value/aspirations/",
        framing.framing_page,
        {"scope": Scope.AREA},
        name="area_framing",
    ),
    *framing_urls(Scope.COMMUNITY, "communities/<slug:slug>/value/"),
    *framing_urls(Scope.PERSON, "value/"),
    *framing_urls(Scope.ORGANISATION, "value/organisation/"),
    *framing_urls(Scope.AREA, "areas/<slug:slug>/value/"),
    # Indicators a community looks at, and what it observed.
    path("communities/<slug:slug>/value/indicators/", indicators.indicator_list, name="community_indicators"),
    path(
        "communities/<slug:slug>/value/indicators/new/",
        indicators.indicator_define,
        name="community_indicator_define",
    ),
    path(
        "communities/<slug:slug>/value/indicators/<int:pk>/",
        indicators.indicator_detail,
        name="community_indicator",
    ),
    path(
        "communities/<slug:slug>/value/indicators/<int:pk>/adopt/",
        indicators.indicator_adopt,
        name="community_indicator_adopt",
    ),
    path(
        "communities/<slug:slug>/value/indicators/<int:pk>/stop/",
        indicators.indicator_stop,
        name="community_indicator_stop",
    ),
    path(
        "communities/<slug:slug>/value/indicators/<int:pk>/projects/",
        indicators.indicator_projects,
        name="community_indicator_projects",
    ),
    path(
        "communities/<slug:slug>/value/indicators/<int:pk>/target/",
        indicators.indicator_target,
        name="community_indicator_target",
    ),
    path(
        "communities/<slug:slug>/value/indicators/<int:pk>/observations/new/",
        indicators.observation_create,
        name="community_observation_create",
    ),
    # The organisation's own observations of the catalogue's indicators.
    path(
        "value/organisation/indicators/", indicators.organisation_indicators, name="organisation_indicators"
    ),
    path(
        "value/organisation/indicators/<int:pk>/",
        indicators.organisation_indicator,
        name="organisation_indicator",
    ),
    path(
        "value/organisation/indicators/<int:pk>/observations/new/",
        indicators.organisation_observation_create,
        name="organisation_observation_create",
    ),
    path("value/", reports.mine, name="mine"),
    path("value/reports/organisation/", reports.organisation_report, name="organisation_report"),
    path("communities/<slug:slug>/value/report/", reports.community_report, name="community_report"),
    path("areas/<slug:slug>/value/", reports.area_report, name="area_report"),
    path("value/stories/new/", stories.story_new, name="story_new"),
    path("value/stories/<int:story_id>/", stories.story_detail, name="story"),
    path("value/stories/<int:story_id>/edit/", stories.story_edit, name="story_edit"),
    path("value/stories/<int:story_id>/confirm/", stories.story_confirm, name="story_confirm"),
    path("value/stories/<int:story_id>/consent/", stories.story_consent, name="story_consent"),
    path("value/stories/<int:story_id>/review/", stories.story_review, name="story_review"),
    path("communities/<slug:slug>/value/stories/", stories.story_review_queue, name="story_review_queue"),
]
