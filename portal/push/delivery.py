"""One push message to one device, as the task worker sends it."""

import json
import logging

from django.conf import settings
from django.utils import timezone, translation
from pywebpush import WebPushException, webpush
from requests import RequestException

from portal.push import keys
from portal.push.kinds import TITLES, URGENCY
from portal.push.models import PushSubscription

log = logging.getLogger(__name__)

# The push service answers these for a subscription it no longer has (RFC 8030 8.2, 8.3).
GONE = {404, 410}


def payload(kind, path, language):
    """What the device receives: the kind, its fixed title and the link. No names and no
    text of the question, comment or post."""
    with translation.override(language or settings.LANGUAGE_CODE):
        title = str(TITLES[kind])
    return json.dumps({"kind": str(kind), "title": title, "url": path})


def deliver(subscription, kind, path, session=None):
    """Sends one message to one device. A device its push service no longer knows is
    removed; any other failure is logged and the device kept. True when sent. A
    requests `session` keeps the connections to the push services open between calls."""
    headers = {
        # The body is the aes128gcm record (RFC 8188); some push services want the type.
        "Content-Type": "application/octet-stream",
        "Urgency": URGENCY.get(kind, "normal"),
    }
    try:
        webpush(
            subscription.subscription_info(),
            payload(kind, path, subscription.language),
            vapid_private_key=keys.vapid(),
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            ttl=settings.PUSH_TTL,
            headers=headers,
            timeout=settings.PUSH_TIMEOUT,
            requests_session=session,
        )
    except WebPushException as error:
        status = getattr(error.response, "status_code", None)
        if status in GONE:
            log.info("push device %s is gone (%s), removed", subscription.public_id, status)
            subscription.delete()
        else:
            log.warning("push to device %s failed: %s", subscription.public_id, status or error)
        return False
    except RequestException as error:
        log.warning("push service of device %s unreachable: %s", subscription.public_id,
                    error.__class__.__name__)
        return False
    PushSubscription.objects.filter(pk=subscription.pk).update(last_sent_at=timezone.now())
    return True
