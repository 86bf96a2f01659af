import io

from django.core.management.base import OutputWrapper

from officers.models import Follow
from posts.demo import comments as demo_engagement
from posts.models import Comment, Like
from tests.conftest import make_user
from tests.helpers.comments import publish


class FakeCommand:
    def __init__(self):
        self.stdout = OutputWrapper(io.StringIO())


def test_it_creates_follows_likes_and_comments_idempotently(officer, colleague, citizen,
                                                            other_citizen, press_officer):
    for o in (officer, colleague):
        publish(o, caption=f"Beitrag von {o.display_name}")
    citizens = [citizen, other_citizen, make_user("carla@example.org")]
    for _ in range(2):
        demo_engagement.create(FakeCommand(), officers=[officer, colleague],
                               citizens=citizens, press=press_officer)
    officer.refresh_from_db()
    assert officer.follower_count == Follow.objects.filter(officer=officer).count() == 2
    assert Like.objects.exists()
    assert Comment.objects.filter(author_role=Comment.Role.OFFICER).count() == 1
    assert Comment.objects.filter(state=Comment.State.HELD).count() == 1
    assert Comment.objects.filter(report_count=2).count() == 1
    assert Comment.objects.count() == 5
