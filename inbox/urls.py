from django.urls import path

from inbox import views

app_name = "inbox"

urlpatterns = [
    path("", views.my_questions, name="my_questions"),
    path("<uuid:public_id>/", views.thread, name="thread"),
]
