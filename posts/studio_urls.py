from django.urls import path

from posts import studio

urlpatterns = [
    path("", studio.index, name="studio"),
]
