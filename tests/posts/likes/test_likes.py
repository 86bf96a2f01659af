"""Liking a post: one like per citizen and post, counted in step, harmless to repeat."""


import pytest
from django.db import IntegrityError, transaction

from posts.models import Like, Post
from tests.conftest import make_user
from tests.helpers.comments import FETCH, publish
from tests.helpers.concurrency import run_at_once


def like_url(post):
    return f"/@{post.officer.handle}/{post.pk}/like/"


def unlike_url(post):
    return f"/@{post.officer.handle}/{post.pk}/unlike/"


def test_it_likes_and_redirects_back_without_javascript(citizen_client, citizen, post):
    response = citizen_client.post(like_url(post), {"next": post.get_absolute_url()})
    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
    post.refresh_from_db()
    assert post.like_count == 1
    assert Like.objects.filter(user=citizen, post=post).exists()


def test_it_answers_javascript_with_the_button_fragment(citizen_client, post):
    response = citizen_client.post(like_url(post), **FETCH)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="engage like" id="like-')
    assert 'aria-pressed="true"' in html
    assert unlike_url(post) in html
    assert "<html" not in html


def test_it_is_harmless_to_click_twice_or_replay(citizen_client, post):
    for _ in range(3):
        citizen_client.post(like_url(post))
    post.refresh_from_db()
    assert post.like_count == 1
    assert Like.objects.filter(post=post).count() == 1


def test_it_unlikes_once(citizen_client, citizen, post):
    citizen_client.post(like_url(post))
    for _ in range(2):
        citizen_client.post(unlike_url(post))
    post.refresh_from_db()
    assert post.like_count == 0
    assert not Like.objects.filter(user=citizen).exists()


def test_the_database_allows_one_like_per_citizen_and_post(citizen, post):
    Like.objects.create(user=citizen, post=post)
    with pytest.raises(IntegrityError), transaction.atomic():
        Like.objects.create(user=citizen, post=post)


def test_a_like_that_lost_the_race_counts_nothing(citizen, post):
    # Another request inserted the row between our check and our insert: the constraint
    # refuses the second row and the count is not raised twice.
    Like.objects.create(user=citizen, post=post)
    Post.objects.filter(pk=post.pk).update(like_count=1)
    assert Like.add(citizen, post) is False
    post.refresh_from_db()
    assert post.like_count == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_likes_end_in_one_row_and_one_count(officer, citizen):
    post = publish(officer)
    results = run_at_once(lambda: Like.add(citizen, post))
    post.refresh_from_db()
    assert results.count(True) == 1
    assert post.like_count == 1
    assert Like.objects.filter(post=post).count() == 1


def test_it_keeps_counts_of_several_citizens(citizen, other_citizen, post):
    Like.add(citizen, post)
    Like.add(other_citizen, post)
    Like.remove(citizen, post)
    post.refresh_from_db()
    assert post.like_count == 1


def test_it_needs_a_verified_address(client, post):
    user = make_user("neu@example.org", verified=False)
    client.force_login(user)
    response = client.post(like_url(post), **FETCH)
    assert response.status_code == 403
    assert not Like.objects.exists()


def test_it_refuses_a_muted_citizen(citizen_client, citizen, post):
    citizen.mute("spam")
    response = citizen_client.post(like_url(post), {"next": post.get_absolute_url()})
    assert response.status_code == 302
    assert not Like.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, post):
    response = client.post(like_url(post))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Like.objects.exists()


def test_it_cannot_like_an_unpublished_post(citizen_client, officer):
    draft = Post.objects.create(officer=officer, caption="Entwurf")
    assert citizen_client.post(like_url(draft)).status_code == 404


def test_it_accepts_only_posts(citizen_client, post):
    assert citizen_client.get(like_url(post)).status_code == 405


def test_it_is_rate_limited(citizen_client, post, settings, officer):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "like": "2/m"}
    other = publish(officer, caption="Zweiter Beitrag")
    third = publish(officer, caption="Dritter Beitrag")
    assert citizen_client.post(like_url(post), **FETCH).status_code == 200
    assert citizen_client.post(like_url(other), **FETCH).status_code == 200
    response = citizen_client.post(like_url(third), **FETCH)
    assert response.status_code == 429
    assert "moment" in response.content.decode()
    assert not Like.objects.filter(post=third).exists()


def test_anonymous_visitors_see_the_count_and_a_sign_in_link_but_no_form(client, post,
                                                                       citizen):
    Like.add(citizen, post)
    response = client.get(post.get_absolute_url())
    html = response.content.decode()
    assert "1 like" in html
    assert f"/accounts/login/?next=/%40{post.officer.handle}/{post.pk}/" in html
    assert "csrfmiddlewaretoken" not in html
    assert "csrftoken" not in response.cookies
    assert "sessionid" not in response.cookies


def test_the_fragment_keeps_the_page_to_return_to(citizen_client, post):
    html = citizen_client.post(like_url(post), {"next": post.get_absolute_url()},
                               **FETCH).content.decode()
    assert f'name="next" value="{post.get_absolute_url()}"' in html
