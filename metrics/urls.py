"""Included at /studio/figures/ by portal/urls.py."""

from django.urls import path

from metrics import views

app_name = "metrics"

urlpatterns = [
    path("", views.studio_figures, name="studio_figures"),
    path("export.csv", views.studio_figures_csv, name="studio_figures_csv"),
]
