from django.urls import path

from inbox import views

app_name = "inbox"

urlpatterns = [
    path("@<handle:handle>/ask/", views.ask, name="ask"),
    path("questions/", views.my_questions, name="my_questions"),
    path("questions/<uuid:public_id>/", views.thread, name="thread"),
]
