import pytest
from django.utils import timezone

from posts.models import Comment, Post


def publish(officer, caption="Streife in der Altstadt", **extra):
    return Post.objects.create(
        officer=officer, author=officer.user, caption=caption, state=Post.State.PUBLISHED,
        published_at=timezone.now() - timezone.timedelta(minutes=5), **extra,
    )


@pytest.fixture
def post(officer):
    return publish(officer)


@pytest.fixture
def citizen_client(client, citizen):
    client.force_login(citizen)
    return client


def comment_on(post, author, body="Danke für eure Arbeit!", parent=None):
    return Comment.write(post=post, author=author, body=body, parent=parent)


FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}
