"""What a browser sends when it subscribes, and the kinds a person turns on."""

import base64
import binascii
from fnmatch import fnmatchcase
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from django import forms
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.push.kinds import groups_for
from portal.push.models import MAX_DEVICES, PushChoice, PushSubscription, device_name


def b64url_bytes(value):
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return None


def is_push_service(endpoint):
    """True when `endpoint` lies at one of settings.PUSH_SERVICES: the worker must not be
    sent to an address inside our network by a forged subscription."""
    parts = urlsplit(endpoint)
    if parts.username or parts.password or not parts.hostname:
        return False
    origin = f"{parts.scheme}://{parts.netloc}".lower()
    return any(fnmatchcase(origin, pattern.lower()) for pattern in settings.PUSH_SERVICES)


class SubscriptionForm(forms.Form):
    """The browser's PushSubscription.toJSON(), flattened."""

    endpoint = forms.URLField(max_length=1000, assume_scheme="https")
    p256dh = forms.CharField(max_length=100)
    auth = forms.CharField(max_length=50)

    def __init__(self, *args, user, user_agent="", language="", **kwargs):
        self.user, self.user_agent, self.language = user, user_agent, language
        super().__init__(*args, **kwargs)

    def clean_endpoint(self):
        endpoint = self.cleaned_data["endpoint"]
        if not is_push_service(endpoint):
            raise forms.ValidationError(
                _("This browser's push service is not one this portal sends to."),
                code="push_service")
        return endpoint

    def clean_p256dh(self):
        raw = b64url_bytes(self.cleaned_data["p256dh"])
        try:
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw or b"")
        except ValueError:
            raise forms.ValidationError(_("The browser's key is not valid."),
                                        code="key") from None
        if len(raw) != 65:  # RFC 8291 section 3.1: the uncompressed point
            raise forms.ValidationError(_("The browser's key is not valid."), code="key")
        return self.cleaned_data["p256dh"]

    def clean_auth(self):
        if len(b64url_bytes(self.cleaned_data["auth"]) or b"") != 16:  # RFC 8291 3.2
            raise forms.ValidationError(_("The browser's key is not valid."), code="key")
        return self.cleaned_data["auth"]

    def clean(self):
        endpoint = self.cleaned_data.get("endpoint")
        others = self.user.push_subscriptions.exclude(endpoint=endpoint)
        if endpoint and others.count() >= MAX_DEVICES:
            raise forms.ValidationError(
                _("Push messages are on for %(count)d devices already. Please remove one "
                  "in your account settings first.") % {"count": MAX_DEVICES},
                code="too_many")
        return self.cleaned_data

    @transaction.atomic
    def save(self):
        """The device for this endpoint, made or brought up to date. An endpoint belongs
        to one browser: if someone else used it before on this browser, it is theirs no
        longer."""
        data = self.cleaned_data
        subscription, _created = PushSubscription.objects.select_for_update().update_or_create(
            endpoint=data["endpoint"],
            defaults={"user": self.user, "p256dh": data["p256dh"], "auth": data["auth"],
                      "device": device_name(self.user_agent),
                      "language": self.language[:10]},
        )
        return subscription


class ChoicesForm(forms.Form):
    """One checkbox per kind the person may choose, grouped by role."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.kind_groups = groups_for(user)
        self.kinds = [kind for _heading, kinds in self.kind_groups for kind in kinds]
        chosen = set(user.push_choices.values_list("kind", flat=True))
        for kind in self.kinds:
            self.fields[kind] = forms.BooleanField(label=kind.label, required=False,
                                                   initial=kind in chosen)

    def groups(self):
        """(heading, bound fields) for the template."""
        return [(heading, [self[kind] for kind in kinds]) for heading, kinds in self.kind_groups]

    @transaction.atomic
    def save(self):
        wanted = {kind for kind in self.kinds if self.cleaned_data.get(kind)}
        self.user.push_choices.exclude(kind__in=wanted).delete()
        have = set(self.user.push_choices.values_list("kind", flat=True))
        PushChoice.objects.bulk_create(
            [PushChoice(user=self.user, kind=kind) for kind in wanted - have],
            ignore_conflicts=True)
        return wanted
