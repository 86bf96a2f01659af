"""Following an officer from the channel page and from posts; the feed."""

import pytest
from django.core.exceptions import ValidationError

from officers.follows import follow
from officers.models import Follow, Officer
from tests.conftest import make_user
from tests.helpers.comments import FETCH, publish
from tests.helpers.concurrency import run_at_once


def follow_url(officer):
    return f"/@{officer.handle}/follow/"


def unfollow_url(officer):
    return f"/@{officer.handle}/unfollow/"


def test_it_follows_and_redirects_back(citizen_client, citizen, officer, post):
    response = citizen_client.post(follow_url(officer), {"next": post.get_absolute_url()})
    assert response["Location"] == post.get_absolute_url()
    officer.refresh_from_db()
    assert officer.follower_count == 1
    assert Follow.objects.filter(user=citizen, officer=officer).exists()


def test_it_answers_javascript_with_the_button_fragment(citizen_client, officer):
    response = citizen_client.post(follow_url(officer), **FETCH)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-pressed="true"' in html
    assert unfollow_url(officer) in html


def test_it_is_harmless_to_repeat(citizen_client, officer):
    for _ in range(3):
        citizen_client.post(follow_url(officer))
    officer.refresh_from_db()
    assert officer.follower_count == 1
    for _ in range(2):
        citizen_client.post(unfollow_url(officer))
    officer.refresh_from_db()
    assert officer.follower_count == 0
    assert not Follow.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_follows_end_in_one_row_and_one_count(officer, citizen):
    results = run_at_once(lambda: follow(citizen, officer))
    officer.refresh_from_db()
    assert results.count(True) == 1
    assert officer.follower_count == 1
    assert Follow.objects.count() == 1


def test_it_needs_a_verified_address(client, officer):
    client.force_login(make_user("neu@example.org", verified=False))
    assert client.post(follow_url(officer), **FETCH).status_code == 403
    assert not Follow.objects.exists()


def test_it_is_rate_limited(citizen_client, officer, colleague, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "follow": "1/m"}
    assert citizen_client.post(follow_url(officer), **FETCH).status_code == 200
    assert citizen_client.post(follow_url(colleague), **FETCH).status_code == 429
    assert not Follow.objects.filter(officer=colleague).exists()


def test_it_limits_per_address_as_well(client, officer, colleague, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "follow": "1/m"}
    client.force_login(make_user("eins@example.org"))
    assert client.post(follow_url(officer), **FETCH).status_code == 200
    client.force_login(make_user("zwei@example.org"))
    assert client.post(follow_url(colleague), **FETCH).status_code == 429


def test_an_inactive_channel_cannot_be_followed(citizen_client, officer):
    Officer.objects.filter(pk=officer.pk).update(is_active=False)
    assert citizen_client.post(follow_url(officer)).status_code == 404


OWN_CHANNEL = "You cannot follow your own channel."


def test_an_officer_cannot_follow_their_own_channel_by_posting_the_form(client, officer,
                                                                      colleague):
    """The button is hidden on one's own channel; posting the form anyway is refused."""
    client.force_login(officer.user)
    response = client.post(follow_url(officer), **FETCH)
    assert response.status_code == 403
    assert response.content.decode() == OWN_CHANNEL
    response = client.post(follow_url(officer), {"next": officer.get_absolute_url()},
                           follow=True)
    assert OWN_CHANNEL in response.content.decode()
    officer.refresh_from_db()
    assert officer.follower_count == 0 and not Follow.objects.exists()
    assert client.post(follow_url(colleague), **FETCH).status_code == 200  # others: yes


def test_the_model_refuses_a_follow_of_ones_own_channel(officer):
    with pytest.raises(ValidationError):
        follow(officer.user, officer)
    with pytest.raises(ValidationError):
        Follow.objects.create(user=officer.user, officer=officer)
    officer.refresh_from_db()
    assert officer.follower_count == 0 and not Follow.objects.exists()


def test_the_channel_shows_the_button_to_citizens_and_a_link_to_visitors(client, citizen,
                                                                        officer):
    html = client.get(officer.get_absolute_url()).content.decode()
    assert "Sign in to follow" in html
    assert "csrfmiddlewaretoken" not in html
    client.force_login(citizen)
    html = client.get(officer.get_absolute_url()).content.decode()
    assert f'action="{follow_url(officer)}"' in html


def test_the_feed_shows_posts_of_followed_officers(citizen_client, citizen, officer,
                                                   colleague):
    mine = publish(officer, caption="Von Isabel")
    publish(colleague, caption="Von Felix")
    follow(citizen, officer)
    html = citizen_client.get("/feed/").content.decode()
    assert mine.get_absolute_url() in html
    assert "Von Felix" not in html


def test_the_empty_feed_suggests_officers(citizen_client, officer, colleague):
    html = citizen_client.get("/feed/").content.decode()
    assert "Officers you can follow" in html
    assert officer.get_absolute_url() in html
    assert colleague.get_absolute_url() in html
