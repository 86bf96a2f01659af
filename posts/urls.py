from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from posts import feeds, views

app_name = "posts"

urlpatterns = [
    path("feed/", views.feed, name="feed"),
    path("feed.atom", login_not_required(feeds.LatestPostsFeed()), name="atom"),
    path("@<handle:handle>/feed.atom", login_not_required(feeds.ChannelFeed()),
         name="channel_atom"),
    path("@<handle:handle>/<int:post_id>/", views.detail, name="detail"),
    path("studio/", include("posts.studio_urls")),
]
