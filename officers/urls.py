from django.urls import path

from inbox.views import ask as ask_question
from officers import views

app_name = "officers"

urlpatterns = [
    path("", views.channel, name="channel"),
    path("ask/", ask_question, name="ask"),
]
