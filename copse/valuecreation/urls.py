from django.urls import path

from .views import cycles, stories

app_name = "valuecreation"

urlpatterns = [
    path("value/how/", cycles.how_it_works, name="how"),
    path("value/cycles/", cycles.cycle_list, name="cycles"),
    path("value/cycles/<slug:key>/", cycles.cycle_edit, name="cycle_edit"),
    path("value/stories/new/", stories.story_new, name="story_new"),
    path("value/stories/<int:story_id>/", stories.story_detail, name="story"),
    path("value/stories/<int:story_id>/edit/", stories.story_edit, name="story_edit"),
    path("value/stories/<int:story_id>/confirm/", stories.story_confirm, name="story_confirm"),
    path("value/stories/<int:story_id>/review/", stories.story_review, name="story_review"),
    path("communities/<slug:slug>/value/stories/", stories.story_review_queue, name="story_review_queue"),
]
