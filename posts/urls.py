from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from portal.pagecache import cache_public_page
from posts.views import atom, channel, comments, feed, likes, post, problems

app_name = "posts"

urlpatterns = [
    path("feed/", feed.feed, name="feed"),
    path("feed.atom", login_not_required(cache_public_page(["site"])(atom.LatestPostsFeed())),
         name="atom"),
    path("@<handle:handle>/feed.atom",
         login_not_required(cache_public_page(["site", "officer:{handle}"])(atom.ChannelFeed())),
         name="channel_atom"),
    path("@<handle:handle>/", channel.channel, name="channel"),
    path("@<handle:handle>/<int:post_id>/", post.detail, name="detail"),
    path("@<handle:handle>/<int:post_id>/problem/", problems.report_problem,
         name="report_problem"),
    path("@<handle:handle>/<int:post_id>/like/", likes.like, name="like"),
    path("@<handle:handle>/<int:post_id>/unlike/", likes.unlike, name="unlike"),
    path("@<handle:handle>/<int:post_id>/comments/", comments.comment, name="comment"),
    path("@<handle:handle>/<int:post_id>/comments/<int:comment_id>/reply/", comments.reply,
         name="reply"),
    path("comments/<int:comment_id>/report/", comments.report, name="report_comment"),
    path("comments/<int:comment_id>/delete/", comments.delete_comment, name="delete_comment"),
    path("studio/", include("posts.studio.urls")),
]

