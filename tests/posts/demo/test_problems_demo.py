from posts.demo import problems as demo_problems
from posts.models import ProblemReport
from tests.helpers.posts import english, make_post  # noqa: F401
from tests.posts.demo.test_comments_demo import FakeCommand


def test_it_leaves_one_open_report_on_a_published_photo(officer, press_officer):
    post = make_post(officer)
    for _ in range(2):
        demo_problems.create(FakeCommand(), officers=[officer], citizens=[], press=press_officer)
    report = ProblemReport.objects.get()
    assert (report.post, report.media, report.state) == (post, post.media.get(), "open")
    assert report.is_recognisable and report.that_is_me


def test_it_corrects_one_published_post_in_the_open(client, officer, press_officer):
    from posts.demo import corrections as demo_corrections
    from posts.models import Correction

    post = make_post(officer)
    for _ in range(2):
        demo_corrections.create(FakeCommand(), officers=[officer], citizens=[],
                                press=press_officer)
    (correction,) = Correction.objects.all()
    assert correction.post == post and correction.state == Correction.State.APPLIED
    assert "Corrected on" in client.get(post.get_absolute_url()).content.decode()
