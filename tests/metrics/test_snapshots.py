"""The daily snapshot, computed from known data."""

import datetime

import pytest

from inbox.models import Conversation, PublicQA
from metrics import snapshots
from metrics.models import DailySnapshot, DailyViews
from metrics.tasks import take_daily_snapshots
from officers.models import Follow
from posts.models import Post
from tests.conftest import make_user

from .conftest import DAY, at, make_post, travel

ONE_DAY = datetime.timedelta(days=1)
HOUR = 3600


def take(day):
    snapshots.take(day)
    return DailySnapshot.objects.get(date=day)


def snapshot_values(day, officer):
    s = DailySnapshot.objects.get(date=day, officer=officer)
    return {f.name: getattr(s, f.name) for f in s._meta.concrete_fields
            if f.name not in ("id", "computed_at")}


def follow(user, officer, moment):
    with travel(moment):
        return Follow.objects.create(user=user, officer=officer)


def unfollow(user, officer, moment):
    with travel(moment):
        Follow.objects.get(user=user, officer=officer).delete()


@pytest.fixture
def follow_history(officer, citizen, other_citizen):
    """Monday: two follow. Tuesday (DAY): one unfollows, a third follows and unfollows
    the same day, a fourth follows. Wednesday: a follower deletes the account."""
    third = make_user("carla@example.org")
    fourth = make_user("dieter@example.org")
    monday, wednesday = DAY - ONE_DAY, DAY + ONE_DAY
    follow(citizen, officer, at(monday, 9))
    follow(other_citizen, officer, at(monday, 10))
    unfollow(citizen, officer, at(DAY, 11))
    follow(third, officer, at(DAY, 12))
    unfollow(third, officer, at(DAY, 13))
    follow(fourth, officer, at(DAY, 14))
    with travel(at(wednesday, 9)):
        other_citizen.delete()
    return monday, DAY, wednesday


def test_it_counts_followers_gained_and_lost(officer, follow_history):
    monday, tuesday, wednesday = follow_history
    with travel(at(wednesday, 23)):
        for day in follow_history:
            snapshots.take(day)
    figures = {
        s.date: (s.followers, s.followers_gained, s.followers_lost)
        for s in DailySnapshot.objects.filter(officer=officer)
    }
    assert figures == {
        monday: (2, 2, 0),
        tuesday: (2, 2, 2),  # -citizen +third -third +fourth
        wednesday: (1, 0, 1),  # the deleted account
    }


def test_a_snapshot_taken_at_the_end_of_each_day_equals_one_taken_later(
        officer, follow_history):
    for day in follow_history:
        with travel(at(day, 23, 50)):
            snapshots.take(day)
    on_time = {day: snapshot_values(day, officer) for day in follow_history}
    with travel(at(DAY + 10 * ONE_DAY, 4)):
        for day in follow_history:
            snapshots.take(day)
    assert {day: snapshot_values(day, officer) for day in follow_history} == on_time


def test_it_counts_posts_published_that_day(officer, colleague):
    make_post(officer, at(DAY, 9))
    make_post(officer, at(DAY, 18))
    make_post(officer, at(DAY - ONE_DAY, 18))
    make_post(colleague, at(DAY, 10))
    Post.objects.create(officer=officer, caption="Entwurf", state=Post.State.DRAFT)
    with travel(at(DAY, 23)):
        snapshots.take(DAY)
    assert DailySnapshot.objects.get(date=DAY, officer=officer).posts_published == 2
    assert DailySnapshot.objects.get(date=DAY, officer=colleague).posts_published == 1


def test_it_takes_the_views_from_the_flushed_counters(officer):
    post = make_post(officer, at(DAY, 9))
    DailyViews.objects.add(DAY, officer.pk, post.pk, 40)
    DailyViews.objects.add(DAY, officer.pk, post.pk, 2)
    DailyViews.objects.add(DAY, officer.pk, None, 7)
    DailyViews.objects.add(DAY - ONE_DAY, officer.pk, None, 100)
    with travel(at(DAY, 23)):
        snapshot = take(DAY)
    assert (snapshot.views_posts, snapshot.views_channel, snapshot.views) == (42, 7, 49)


def ask(citizen, officer, asked, answered=None, **extra):
    return Conversation.objects.create(
        citizen=citizen, officer=officer, subject="Frage", created_at=asked,
        first_answered_at=answered,
        state=Conversation.State.ANSWERED if answered else Conversation.State.OPEN, **extra,
    )


@pytest.fixture
def questions(officer, colleague, citizen):
    """Answered on DAY after 1, 2, 3, 4 and 30 hours; asked on DAY: six."""
    answered = at(DAY, 20)
    for hours in (1, 2, 3, 4, 30):
        ask(citizen, officer, answered - datetime.timedelta(hours=hours), answered)
    ask(citizen, officer, at(DAY, 21))  # still waiting
    ask(citizen, officer, at(DAY - ONE_DAY, 9), at(DAY - ONE_DAY, 10))  # another day
    ask(citizen, officer, at(DAY, 22), at(DAY + ONE_DAY, 8))  # answered the next day
    ask(citizen, colleague, at(DAY, 9), at(DAY, 10))


def test_it_computes_response_times_from_known_durations(officer, questions):
    with travel(at(DAY, 23, 30)):
        snapshots.take(DAY)
    snapshot = DailySnapshot.objects.get(date=DAY, officer=officer)
    # Asked on DAY: 1, 2, 3 and 4 hours before 20:00, at 21:00 and at 22:00.
    assert snapshot.questions_received == 6
    assert snapshot.questions_answered == 5
    assert snapshot.response_seconds == [1 * HOUR, 2 * HOUR, 3 * HOUR, 4 * HOUR, 30 * HOUR]
    assert snapshot.response_median == 3 * HOUR
    # Linear between ranks, like inbox.stats: rank 3.6 → 4 h + 0.6 × (30 h − 4 h).
    assert snapshot.response_p90 == pytest.approx(19.6 * HOUR)
    assert snapshot.answered_within_target == 4  # INBOX_TARGET_HOURS = 24


def test_the_share_within_the_target_follows_the_setting(officer, questions, settings):
    settings.INBOX_TARGET_HOURS = 2
    with travel(at(DAY, 23, 30)):
        snapshots.take(DAY)
    assert DailySnapshot.objects.get(date=DAY, officer=officer).answered_within_target == 2


def test_it_counts_public_qas_published_that_day(officer, citizen):
    for published, state in [
        (at(DAY, 10), PublicQA.State.APPROVED),
        (at(DAY, 16), PublicQA.State.APPROVED),
        (at(DAY - ONE_DAY, 16), PublicQA.State.APPROVED),
        (None, PublicQA.State.PROPOSED),
    ]:
        conversation = ask(citizen, officer, at(DAY - ONE_DAY, 8), at(DAY - ONE_DAY, 9),
                           consent_public=True)
        PublicQA.objects.create(conversation=conversation, officer=officer, question="F",
                                answer="A", state=state, published_at=published)
    with travel(at(DAY, 23)):
        assert take(DAY).public_qas == 2


def test_the_history_survives_deleted_accounts_and_purged_conversations(
        officer, citizen, questions, follow_history):
    with travel(at(DAY, 23, 30)):
        snapshots.take(DAY)
    before = snapshot_values(DAY, officer)
    with travel(at(DAY + 200 * ONE_DAY, 3)):
        Conversation.objects.all().anonymise()
        citizen.delete()
        snapshots.take(DAY)  # even a rerun long after gives the same figures
    assert snapshot_values(DAY, officer) == before
    assert before["questions_received"] == 6
    assert before["followers"] == 2


def test_a_rerun_for_the_same_day_changes_nothing(officer, questions):
    with travel(at(DAY, 23, 30)):
        snapshots.take(DAY)
        first = snapshot_values(DAY, officer)
        snapshots.take(DAY)
    assert DailySnapshot.objects.filter(date=DAY, officer=officer).count() == 1
    assert snapshot_values(DAY, officer) == first


def test_officers_count_from_the_day_their_channel_opened(officer, colleague):
    type(colleague).objects.filter(pk=colleague.pk).update(created_at=at(DAY + ONE_DAY, 9))
    with travel(at(DAY + ONE_DAY, 23)):
        snapshots.take(DAY)
        snapshots.take(DAY + ONE_DAY)
    assert set(DailySnapshot.objects.filter(date=DAY).values_list("officer", flat=True)) == {
        officer.pk}
    assert DailySnapshot.objects.filter(date=DAY + ONE_DAY).count() == 2


def test_the_periodic_task_keeps_yesterday_and_today_up_to_date(officer, settings):
    assert ("metrics.tasks.take_daily_snapshots", 3600) in settings.PERIODIC_TASKS
    with travel(at(DAY, 0, 20)):
        take_daily_snapshots.enqueue()
    assert set(DailySnapshot.objects.values_list("date", flat=True)) == {DAY - ONE_DAY, DAY}


def test_it_counts_likes_and_comments_by_citizens_and_officers(
        officer, colleague, citizen, other_citizen, press_officer):
    from posts.models import Comment, Like

    post = make_post(officer, at(DAY - ONE_DAY, 9))
    other = make_post(colleague, at(DAY - ONE_DAY, 9))

    def write(author, role, moment, on=post, **extra):
        with travel(moment):
            return Comment.objects.create(post=on, author=author, body="Danke!",
                                          author_role=role, **extra)

    with travel(at(DAY, 10)):
        Like.objects.create(user=citizen, post=post)
        Like.objects.create(user=other_citizen, post=post)
        Like.objects.create(user=citizen, post=other)
    with travel(at(DAY - ONE_DAY, 10)):
        Like.objects.create(user=press_officer, post=post)
    write(citizen, Comment.Role.CITIZEN, at(DAY, 10))
    write(other_citizen, Comment.Role.CITIZEN, at(DAY, 11))
    write(other_citizen, Comment.Role.CITIZEN, at(DAY, 12), state=Comment.State.HIDDEN)
    write(officer.user, Comment.Role.OFFICER, at(DAY, 13))
    write(press_officer, Comment.Role.PRESS, at(DAY, 14))
    write(citizen, Comment.Role.CITIZEN, at(DAY - ONE_DAY, 15))
    write(citizen, Comment.Role.CITIZEN, at(DAY, 15), on=other)
    with travel(at(DAY, 23)):
        snapshots.take(DAY)
    snapshot = DailySnapshot.objects.get(date=DAY, officer=officer)
    assert (snapshot.likes, snapshot.comments_citizens, snapshot.comments_officers) == (2, 3, 2)
    snapshot = DailySnapshot.objects.get(date=DAY, officer=colleague)
    assert (snapshot.likes, snapshot.comments_citizens, snapshot.comments_officers) == (1, 1, 0)


def test_the_follow_button_counts_followers_gained_and_lost(officer, citizen, other_citizen):
    from officers.follows import follow as follow_officer
    from officers.follows import unfollow as unfollow_officer

    with travel(at(DAY, 9)):
        assert follow_officer(citizen, officer)
        assert not follow_officer(citizen, officer)  # a double click counts once
        follow_officer(other_citizen, officer)
        unfollow_officer(citizen, officer)
        snapshots.take(DAY)
    s = DailySnapshot.objects.get(date=DAY, officer=officer)
    assert (s.followers, s.followers_gained, s.followers_lost) == (1, 2, 1)


def test_deleting_a_channel_with_followers_is_not_blocked_by_the_counting(officer, citizen):
    follow(citizen, officer, at(DAY, 9))
    with travel(at(DAY, 10)):
        officer.delete()
    from metrics.models import FollowChange

    assert not FollowChange.objects.exists()
