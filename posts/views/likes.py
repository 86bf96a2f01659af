"""Liking a post and taking the like back: plain POST forms that redirect back; with
JavaScript (static/js/engagement.js) the view returns the re-rendered like button."""

from django.shortcuts import render
from django.views.decorators.http import require_POST

from portal.accounts import refuse_write, safe_next, write_done
from posts.models import Like
from posts.views.post import published_post


def _like_response(request, post, message):
    def fragment():
        post.refresh_from_db(fields=["like_count"])
        return render(request, "posts/includes/like_button.html", {
            "post": post, "liked": Like.objects.filter(user=request.user, post=post).exists(),
            "next_url": safe_next(request, post.get_absolute_url()),
        })

    return write_done(request, fragment, post.get_absolute_url(), message)


@require_POST
def like(request, handle, post_id):
    post = published_post(handle, post_id)
    refusal = refuse_write(request, "like", post.get_absolute_url())
    if refusal:
        return refusal
    Like.add(request.user, post)
    return _like_response(request, post, "")


@require_POST
def unlike(request, handle, post_id):
    post = published_post(handle, post_id)
    refusal = refuse_write(request, "like", post.get_absolute_url())
    if refusal:
        return refusal
    Like.remove(request.user, post)
    return _like_response(request, post, "")
