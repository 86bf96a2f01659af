"""'Problem melden' on a published post: anyone may report, robots and floods may not."""

import time

import pytest
from django.urls import reverse

from portal import formguard
from posts.models import Post, ProblemReport
from tests.helpers.posts import english, make_post  # noqa: F401

pytestmark = pytest.mark.django_db


def url(post):
    return reverse("posts:report_problem", args=[post.officer.handle, post.pk])


def form(post, **fields):
    return {"reason": "outdated", "text": "", "email": "", "website": "",
            "issued": formguard.issued_token(time.time() - 30), **fields}


def test_the_post_page_links_to_the_form_and_the_form_shows(client, officer):
    post = make_post(officer)
    page = client.get(post.get_absolute_url()).content.decode()
    assert url(post) in page

    response = client.get(url(post))
    assert response.status_code == 200
    html = response.content.decode()
    assert "A person or a number plate is recognisable" in html
    assert "The recognisable person is me" in html
    assert "110" in html  # not an emergency channel


def test_an_anonymous_reader_reports_a_recognisable_person_on_one_photo(client, officer):
    post = make_post(officer, photos=2)
    second = post.media.all()[1]

    response = client.post(url(post), form(post, reason="recognisable", that_is_me="on",
                                           photo=second.pk, text="Das bin ich, links.",
                                           email="leser@example.org"))

    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
    report = ProblemReport.objects.get()
    assert (report.post, report.media, report.reason) == (post, second, "recognisable")
    assert report.that_is_me and report.text == "Das bin ich, links."
    assert report.email == "leser@example.org" and report.reporter is None
    assert report.state == ProblemReport.State.OPEN
    assert "Thank you" in client.get(post.get_absolute_url()).content.decode()


def test_a_signed_in_reader_is_recorded_and_that_is_me_needs_the_reason(citizen_client, citizen,
                                                                        officer):
    post = make_post(officer)
    citizen_client.post(url(post), form(post, reason="wrong", that_is_me="on"))
    report = ProblemReport.objects.get()
    assert report.reporter == citizen
    assert report.that_is_me is False  # only for a recognisable person


@pytest.mark.parametrize("fields, message", [
    ({"reason": ""}, "Please choose what the problem is."),
    ({"reason": "boring"}, "Select a valid choice"),
    ({"text": "x" * 2001}, "at most 2000 characters"),
    ({"email": "not an address"}, "Enter a valid email address."),
    ({"issued": "forged"}, "This form could not be checked"),
    ({"website": "http://spam.example"}, "Please leave the field"),
])
def test_bad_input_gets_a_message_and_stores_nothing(client, officer, fields, message):
    post = make_post(officer)
    response = client.post(url(post), form(post, **fields))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProblemReport.objects.exists()


def test_a_photo_of_another_post_is_refused(client, officer):
    post, other = make_post(officer, photos=2), make_post(officer)
    response = client.post(url(post), form(post, photo=other.media.get().pk))
    assert response.status_code == 400
    assert not ProblemReport.objects.exists()


def test_a_form_sent_at_once_is_refused_and_can_be_sent_again(client, officer):
    post = make_post(officer)
    response = client.post(url(post), form(post, issued=formguard.issued_token()))
    assert response.status_code == 400
    html = response.content.decode()
    assert "This form was sent too quickly" in html
    assert not ProblemReport.objects.exists()
    assert 'name="issued"' in html  # a new note comes with the form, to send it again

    assert client.post(url(post), form(post)).status_code == 302
    assert ProblemReport.objects.count() == 1


@pytest.mark.parametrize("state", [Post.State.DRAFT, Post.State.SUBMITTED,
                                   Post.State.UNPUBLISHED, Post.State.REJECTED])
def test_a_post_that_is_not_public_has_no_form(client, officer, state):
    post = make_post(officer, state=state)
    assert client.get(url(post)).status_code == 404
    assert client.post(url(post), form(post)).status_code == 404
    assert not ProblemReport.objects.exists()


def test_an_unknown_post_or_a_wrong_handle_is_404(client, officer, colleague):
    post = make_post(officer)
    assert client.get(reverse("posts:report_problem",
                              args=[officer.handle, post.pk + 1000])).status_code == 404
    wrong = reverse("posts:report_problem", args=[colleague.handle, post.pk])
    assert client.post(wrong, form(post)).status_code == 404
    assert not ProblemReport.objects.exists()


def test_it_is_rate_limited_per_address(client, officer, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "problem_report": "2/h"}
    post = make_post(officer)
    for _ in range(2):
        assert client.post(url(post), form(post)).status_code == 302
    response = client.post(url(post), form(post))
    assert response.status_code == 429
    assert "Please wait a moment" in response.content.decode()
    assert ProblemReport.objects.count() == 2


def test_a_huge_body_is_refused_before_it_is_read(client, officer):
    post = make_post(officer)
    response = client.post(url(post), form(post, text="x" * (3 * 1024 * 1024)))
    assert response.status_code == 400
    assert not ProblemReport.objects.exists()


def test_the_form_speaks_german_formally_by_default(client, officer, settings):
    from tests.portal.accounts.test_account_emails import INFORMAL

    settings.LANGUAGE_CODE = "de"
    post = make_post(officer)
    assert "Problem melden" in client.get(post.get_absolute_url(),
                                          HTTP_ACCEPT_LANGUAGE="de").content.decode()
    html = client.get(url(post), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    main = html[html.index("<main"):html.index("</main>")]
    assert "Eine Person oder ein Kennzeichen ist erkennbar" in main
    assert "Ihre E-Mail-Adresse (freiwillig)" in main
    assert not INFORMAL.search(main), INFORMAL.search(main)
