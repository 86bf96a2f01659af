"""The accessibility pages run a fixed number of queries, however many pages and videos
there are (and none at all once stored: portal.pagecache)."""

import pytest

from accessibility.models import SignLanguageVideo, Topic
from tests.accessibility.conftest import make_page
from tests.helpers.posts import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    for n, topic in enumerate(Topic.values):
        make_page(f"seite-{n}", title=f"Seite {n}", topic=topic, order=n)
        SignLanguageVideo.objects.create(title=f"Video {n}", topic=topic, published=True,
                                         status=SignLanguageVideo.Status.READY,
                                         video=f"v/{n}.mp4", poster=f"v/{n}.jpg")


@pytest.mark.parametrize(("url", "count"), [
    ("/leichte-sprache/", 1),
    ("/leichte-sprache/seite-1/", 3),  # the page, its neighbours, its video
    ("/gebaerdensprache/", 1),
    ("/accessibility/", 2),  # the topics published in each form
])
def test_each_page_runs_a_fixed_number_of_queries(client, content, url, count):
    assert queries_for(client, url) == count
