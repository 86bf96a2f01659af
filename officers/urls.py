from django.urls import path

from officers import follows

app_name = "officers"

urlpatterns = [
    path("follow/", follows.follow_view, name="follow"),
    path("unfollow/", follows.unfollow_view, name="unfollow"),
]
