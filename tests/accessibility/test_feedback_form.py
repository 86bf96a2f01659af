"""The feedback form: anyone may send one, without an account; machines, forged forms,
floods and novels are refused with a message, and nothing is stored then."""

import re
import time

import pytest
import time_machine
from django.core import mail
from django.test import Client

from accessibility.models import Feedback
from accessibility.models.feedback import MESSAGE_MAX_LENGTH
from portal import formguard
from portal.push.kinds import Kind
from tests.helpers.posts import english  # noqa: F401 (autouse fixture)
from tests.helpers.push_service import received

pytestmark = pytest.mark.django_db
URL = "/accessibility/feedback/"


def data(**changes):
    fields = {
        "issued": formguard.issued_token(time.time() - 30), "website": "",
        "message": "Das Video auf der Startseite hat keine Untertitel.",
        "name": "Anna", "email": "anna@example.org", "page": "/@isabel_polizeikl/7/",
    }
    fields.update(changes)
    return fields


def issued_field(html):
    return re.search(r'name="issued" value="([^"]+)"', html).group(1)


def test_anyone_can_send_feedback_without_an_account(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, data())
    feedback = Feedback.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith("/accessibility/feedback/sent/?ref=")
    assert (feedback.message, feedback.page, feedback.name, feedback.email) == (
        "Das Video auf der Startseite hat keine Untertitel.", "/@isabel_polizeikl/7/", "Anna",
        "anna@example.org")
    assert feedback.sender is None and feedback.status == Feedback.Status.OPEN
    page = client.get(response["Location"]).content.decode()
    assert feedback.reference in page and "We have sent you a confirmation" in page


def test_the_form_remembers_the_page_it_was_opened_on(client):
    html = client.get(URL + "?from=/leichte-sprache/").content.decode()
    assert 'name="page" value="/leichte-sprache/"' in html
    html = client.get(URL + "?from=https://evil.example/").content.decode()
    assert 'name="page" value="https://evil.example/"' not in html
    client.post(URL, data(page="//evil.example/x"))
    assert Feedback.objects.get().page == ""


def test_the_form_a_person_gets_is_accepted_after_a_moment(client):
    with time_machine.travel(time.time() - 60, tick=False):
        token = issued_field(client.get(URL).content.decode())
    assert client.post(URL, data(issued=token)).status_code == 302
    assert Feedback.objects.count() == 1


def test_a_signed_in_citizen_is_named_as_the_sender(citizen_client, citizen):
    citizen_client.post(URL, data(email=""))
    assert Feedback.objects.get().sender == citizen


def test_a_forged_form_is_refused_and_nothing_is_stored(client):
    forged = formguard.issued_token(time.time() - 30)[:-2] + "xx"
    response = client.post(URL, data(issued=forged))
    assert response.status_code == 400
    assert "too old or has been changed" in response.content.decode()
    assert not Feedback.objects.exists() and not mail.outbox


def test_a_token_signed_for_something_else_is_refused(client):
    from django.core import signing  # noqa: PLC0415 (the site's key, another purpose)

    other = signing.dumps(int(time.time() - 30))
    assert client.post(URL, data(issued=other)).status_code == 400
    assert not Feedback.objects.exists()


def test_a_form_sent_too_fast_or_a_day_later_is_refused(client):
    assert client.post(URL, data(issued=formguard.issued_token())).status_code == 400
    stale = formguard.issued_token(time.time() - formguard.MAX_SECONDS - 60)
    response = client.post(URL, data(issued=stale))
    assert response.status_code == 400 and "too old" in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_filled_trap_field_is_refused(client):
    response = client.post(URL, data(website="https://cheap-pills.example"))
    assert response.status_code == 400
    assert "leave the field" in response.content.decode()
    assert not Feedback.objects.exists()


def test_the_trap_is_hidden_from_people_and_screen_readers(client):
    html = client.get(URL).content.decode()
    trap = html[html.index('<div class="trap" aria-hidden="true">'):]
    assert 'name="website"' in trap[:trap.index("</div>")]
    assert 'tabindex="-1"' in trap[:trap.index("</div>")]


def test_a_huge_message_is_refused_with_its_limit(client):
    response = client.post(URL, data(message="Barriere. " * (MESSAGE_MAX_LENGTH // 9)))
    assert response.status_code == 400
    assert f"at most {MESSAGE_MAX_LENGTH} characters" in response.content.decode()
    assert not Feedback.objects.exists()


def test_an_empty_message_or_a_broken_address_is_refused(client):
    assert client.post(URL, data(message="   ")).status_code == 400
    assert client.post(URL, data(email="kein-at-zeichen")).status_code == 400
    assert not Feedback.objects.exists()


def test_it_is_rate_limited_per_address(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "accessibility_feedback": "2/h"}
    for _ in range(2):
        assert client.post(URL, data()).status_code == 302
    response = client.post(URL, data())
    assert response.status_code == 429
    assert "several messages in a short time" in response.content.decode()
    assert Feedback.objects.count() == 2


def test_a_post_from_another_site_is_refused(db):
    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, data()).status_code == 403
    assert not Feedback.objects.exists()


def test_the_confirmation_names_the_deadline_formally_in_german(
        client, django_capture_on_commit_callbacks):
    with time_machine.travel("2026-12-04 10:00 +01:00", tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        client.post(URL, data(issued=formguard.issued_token(time.time() - 30)),
                    HTTP_ACCEPT_LANGUAGE="de")
    feedback = Feedback.objects.get()
    assert str(feedback.due_on) == "2027-01-04"
    (message,) = mail.outbox
    assert message.to == ["anna@example.org"]
    assert feedback.reference in message.subject
    assert "4. Januar 2027" in message.body
    assert "Ihnen" in message.body and " du " not in message.body
    assert "keine Untertitel" not in message.body  # the message is not repeated


def test_without_an_address_no_e_mail_goes_out(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, data(email=""))
    assert Feedback.objects.count() == 1 and not mail.outbox


def test_the_shared_mailbox_gets_a_link_but_not_the_message(
        client, settings, django_capture_on_commit_callbacks):
    settings.ACCESSIBILITY_FEEDBACK_EMAIL = "barrierefreiheit@polizei.example"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, data(email=""))
    (message,) = mail.outbox
    feedback = Feedback.objects.get()
    assert message.to == ["barrierefreiheit@polizei.example"]
    assert f"/admin/accessibility/feedback/{feedback.pk}/change/" in message.body
    assert "Untertitel" not in message.body


def test_the_page_after_sending_needs_its_signed_reference(client):
    client.post(URL, data())
    assert client.get("/accessibility/feedback/sent/?ref=1").status_code == 302
    assert client.get("/accessibility/feedback/sent/").status_code == 302


def test_the_form_and_the_page_after_it_are_never_kept_by_a_cache(client):
    assert "no-store" in client.get(URL)["Cache-Control"]
    response = client.post(URL, data(), follow=True)
    assert "no-store" in response["Cache-Control"]


def test_the_press_office_gets_a_push_message_with_the_link_only(
        client, push_phone, push, press_officer, django_capture_on_commit_callbacks):
    phone = push_phone(press_officer, Kind.ACCESSIBILITY_FEEDBACK)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, data())
    feedback = Feedback.objects.get()
    assert received(push, phone) == [
        ("accessibility_feedback", f"/admin/accessibility/feedback/{feedback.pk}/change/")]
    assert "Untertitel" not in push.messages(phone)[0]


def test_one_address_gets_few_confirmations_a_day(
        client, settings, django_capture_on_commit_callbacks):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "accessibility_feedback": "100/h"}
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            client.post(URL, data(email="Opfer@example.org"), REMOTE_ADDR="198.51.100.7")
    assert Feedback.objects.count() == 5  # the messages are kept, the e-mails capped
    assert len(mail.outbox) == 3


def test_a_signed_in_citizens_address_is_filled_in(citizen_client, citizen):
    html = citizen_client.get(URL).content.decode()
    assert f'value="{citizen.email}"' in html
