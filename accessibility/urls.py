"""Public addresses: the statement and the feedback under /accessibility/ (DESIGN.md),
Leichte Sprache and Gebärdensprache under their German names, which is what their
readers look for (as /impressum/)."""

from django.urls import path

from accessibility import views

app_name = "accessibility"

urlpatterns = [
    path("accessibility/", views.statement, name="statement"),
    path("accessibility/feedback/", views.feedback, name="feedback"),
    path("accessibility/feedback/sent/", views.feedback_sent, name="feedback_sent"),
    path("leichte-sprache/", views.easy_language_index, name="easy_language"),
    path("leichte-sprache/<slug:slug>/", views.easy_language_page, name="easy_language_page"),
    path("gebaerdensprache/", views.sign_language, name="sign_language"),
]
