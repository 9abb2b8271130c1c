"""Signed, expiring links that confirm a request's e-mail address.

Modelled on ``django.contrib.auth.tokens.PasswordResetTokenGenerator``:
the token is an HMAC over the request's identity and state plus a
timestamp, so nothing secret is stored, it expires after
``PRIVACY_CONFIRMATION_TIMEOUT`` seconds, and it stops working as soon as
the request leaves the "submitted" state (a link confirms only once).
"""

from datetime import datetime

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import base36_to_int, int_to_base36


class RequestConfirmationTokenGenerator:
    key_salt = "privacy.tokens.RequestConfirmationTokenGenerator"
    algorithm = "sha256"

    def make_token(self, request):
        return self._make_token_with_timestamp(request, self._num_seconds(self._now()), settings.SECRET_KEY)

    def check_token(self, request, token):
        if not (request and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return False
        for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]:
            if constant_time_compare(self._make_token_with_timestamp(request, timestamp, secret), token):
                break
        else:
            return False
        return (self._num_seconds(self._now()) - timestamp) <= settings.PRIVACY_CONFIRMATION_TIMEOUT

    def _make_token_with_timestamp(self, request, timestamp, secret):
        hash_string = salted_hmac(
            self.key_salt, self._make_hash_value(request, timestamp), secret=secret, algorithm=self.algorithm
        ).hexdigest()[::2]
        return f"{int_to_base36(timestamp)}-{hash_string}"

    def _make_hash_value(self, request, timestamp):
        # The state and confirmation time change when the link is used, which
        # invalidates it; the e-mail ties it to the address it was sent to.
        confirmed = (
            "" if request.confirmed_at is None else request.confirmed_at.replace(microsecond=0, tzinfo=None)
        )
        return f"{request.pk}{request.state}{confirmed}{request.email}{timestamp}"

    def _num_seconds(self, dt):
        return int((dt - datetime(2001, 1, 1)).total_seconds())

    def _now(self):
        return datetime.now()


confirmation_token_generator = RequestConfirmationTokenGenerator()
