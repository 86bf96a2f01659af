import pytest

from portal.push.models import PushSubscription
from tests.helpers.push_service import subscribe


@pytest.fixture
def device(client, citizen, push):
    """The citizen's phone, subscribed (language English, as the suite runs)."""
    client.force_login(citizen)
    subscription = subscribe(client, push, HTTP_USER_AGENT=(
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Mobile Safari/537.36"))
    subscription["row"] = PushSubscription.objects.get(endpoint=subscription["endpoint"])
    return subscription
