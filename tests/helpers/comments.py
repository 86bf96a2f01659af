"""Citizens taking part in tests: published posts, comments, the header JavaScript sends."""

from django.utils import timezone

from posts.models import Comment, Post


def publish(officer, caption="Streife in der Altstadt", **extra):
    return Post.objects.create(
        officer=officer, author=officer.user, caption=caption, state=Post.State.PUBLISHED,
        published_at=timezone.now() - timezone.timedelta(minutes=5), **extra,
    )


def comment_on(post, author, body="Danke für eure Arbeit!", parent=None):
    return Comment.write(post=post, author=author, body=body, parent=parent)


FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}
