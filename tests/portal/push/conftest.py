import json

import pytest

from portal.push.models import PushChoice, PushSubscription


def subscribe(client, push_service, **extra):
    """What static/js/push.js does once the browser's push service has subscribed it:
    a new subscription at the loopback push service, sent to the portal. Returns the
    push service's subscription (with its clientHash)."""
    from portal.push import keys

    subscription = push_service.subscribe(keys.application_server_key())
    response = client.post(
        "/accounts/push/subscribe/",
        json.dumps({"endpoint": subscription["endpoint"], "keys": subscription["keys"]}),
        content_type="application/json", **extra,
    )
    assert response.status_code == 201, response.content
    return subscription


def turn_on(user, *kinds):
    PushChoice.objects.bulk_create([PushChoice(user=user, kind=kind) for kind in kinds])


@pytest.fixture
def device(client, citizen, push):
    """The citizen's phone, subscribed (language English, as the suite runs)."""
    client.force_login(citizen)
    subscription = subscribe(client, push, HTTP_USER_AGENT=(
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Mobile Safari/537.36"))
    subscription["row"] = PushSubscription.objects.get(endpoint=subscription["endpoint"])
    return subscription
