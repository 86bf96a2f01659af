"""A new problem report is pushed to the press office (who chose it): the kind and the
link to the report in the admin, never the reader's words."""

import time

from django.urls import reverse

from portal import formguard
from portal.push.kinds import Kind
from posts.models import ProblemReport
from tests.helpers.posts import make_post
from tests.helpers.push_service import received


def test_a_problem_report_is_pushed_to_the_press_office(
        push_phone, push, client, officer, press_officer, settings,
        django_capture_on_commit_callbacks):
    press = push_phone(press_officer, Kind.PROBLEM_REPORTED)
    post = make_post(officer)
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("posts:report_problem", args=[officer.handle, post.pk]), {
            "reason": "recognisable", "text": "Ich bin links im Bild",
            "issued": formguard.issued_token(time.time() - 30)})
    report = ProblemReport.objects.get()
    assert received(push, press) == [
        ("problem_reported", reverse("admin:posts_problemreport_change", args=[report.pk]))]
    assert "links im Bild" not in push.messages(press)[0]
