from django.urls import path

from inbox.views import ask as ask_question
from officers import views

app_name = "officers"

urlpatterns = [
    path("", views.channel, name="channel"),
    path("ask/", ask_question, name="ask"),
]

# Following (issue 5).
from officers import follows  # noqa: E402

urlpatterns += [
    path("follow/", follows.follow_view, name="follow"),
    path("unfollow/", follows.unfollow_view, name="unfollow"),
]
