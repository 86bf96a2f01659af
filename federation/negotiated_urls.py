"""The pages that are also ActivityPub objects: asked for with an ActivityPub Accept
header, these views answer instead of the HTML pages (see federation.middleware)."""

from django.urls import path

from federation.views import objects

urlpatterns = [
    path("", objects.authority),
    path("@<str:handle>/", objects.actor),
    path("@<str:handle>/<int:post_id>/", objects.note),
]
