"""The back-office pages of third-party models, shaped for the clinic's staff."""

from django.contrib import admin
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice


class AuthenticatorAdmin(TOTPDeviceAdmin):
    """Staff members' authenticator apps, for the responsible person to see and reset (S31).

    Only who, which and when are shown: the secret, its QR code and the
    device's counters stay hidden (OTP_ADMIN_HIDE_SENSITIVE_DATA), since
    with them anyone could produce a colleague's codes.
    """

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return super().get_fieldsets(request, obj)
        return [(None, {"fields": ["user", "name", "confirmed", "created_at", "last_used_at"]})]


admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, AuthenticatorAdmin)
