from posts.demo import problems as demo_problems
from posts.models import ProblemReport
from tests.helpers.posts import make_post
from tests.posts.demo.test_comments_demo import FakeCommand


def test_it_leaves_one_open_report_on_a_published_photo(officer, press_officer):
    post = make_post(officer)
    for _ in range(2):
        demo_problems.create(FakeCommand(), officers=[officer], citizens=[], press=press_officer)
    report = ProblemReport.objects.get()
    assert (report.post, report.media, report.state) == (post, post.media.get(), "open")
    assert report.is_recognisable and report.that_is_me
