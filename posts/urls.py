from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from portal.pagecache import cache_public_page
from posts import feeds, views

app_name = "posts"

urlpatterns = [
    path("feed/", views.feed, name="feed"),
    path("feed.atom", login_not_required(cache_public_page(["site"])(feeds.LatestPostsFeed())),
         name="atom"),
    path("@<handle:handle>/feed.atom",
         login_not_required(cache_public_page(["site", "officer:{handle}"])(feeds.ChannelFeed())),
         name="channel_atom"),
    path("@<handle:handle>/<int:post_id>/", views.detail, name="detail"),
    path("studio/", include("posts.studio_urls")),
]

# Likes, comments and reports (issue 5).
from posts import engagement  # noqa: E402

urlpatterns += [
    path("@<handle:handle>/<int:post_id>/like/", engagement.like, name="like"),
    path("@<handle:handle>/<int:post_id>/unlike/", engagement.unlike, name="unlike"),
    path("@<handle:handle>/<int:post_id>/comments/", engagement.comment, name="comment"),
    path("@<handle:handle>/<int:post_id>/comments/<int:comment_id>/reply/", engagement.reply,
         name="reply"),
    path("comments/<int:comment_id>/report/", engagement.report, name="report_comment"),
    path("comments/<int:comment_id>/delete/", engagement.delete_comment, name="delete_comment"),
]
