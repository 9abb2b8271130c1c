from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


class KanalinhelmiConfig(AppConfig):
    """The project as an app: it owns the staff roles and the admin's look."""

    name = "kanalinhelmi"
    verbose_name = _("Staff and roles")

    def ready(self):
        # The site's header and titles are on kanalinhelmi.sites.StaffAdminSite.
        from auditlog.registry import auditlog
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django_otp.plugins.otp_totp.models import TOTPDevice

        # S31, S39: staff accounts are personal data, and who holds which role
        # (a group, or a permission given directly) decides who sees customers,
        # so joining or leaving a role and a role's permissions are logged too.
        # The password hash never enters the log; logins alone are not changes.
        user_model = get_user_model()
        if not auditlog.contains(user_model):
            auditlog.register(
                user_model,
                exclude_fields=["password", "last_login"],
                m2m_fields={"groups", "user_permissions"},
            )
        if not auditlog.contains(Group):
            auditlog.register(Group, m2m_fields={"permissions"})

        # S30, S39: who recorded whose confidentiality undertaking, and when.
        from kanalinhelmi.models import ConfidentialityUndertaking

        if not auditlog.contains(ConfidentialityUndertaking):
            auditlog.register(ConfidentialityUndertaking)

        # Who enrolled or reset a second factor is traceable; the secret is not logged.
        if not auditlog.contains(TOTPDevice):
            auditlog.register(
                TOTPDevice,
                exclude_fields=[
                    "key",
                    "last_t",
                    "drift",
                    "throttling_failure_timestamp",
                    "throttling_failure_count",
                    "last_used_at",
                ],
            )


class LoginLockoutsConfig(AxesAppConfig):
    """django-axes under a name staff understand (S31)."""

    verbose_name = _("Login lockouts")


class TwoStepLoginConfig(TOTPConfig):
    """django-otp's authenticator devices under a name staff understand (S31)."""

    verbose_name = _("Two-step login devices")

    def ready(self):
        super().ready()
        from django_otp.plugins.otp_totp.models import TOTPDevice

        # django-otp names its model and fields with plain English strings
        # that no catalogue can translate. Only the names shown change: the
        # migration state is read from the model's original options and
        # field arguments, so no migration of django-otp follows.
        options = TOTPDevice._meta
        options.verbose_name = _("authenticator app")
        options.verbose_name_plural = _("authenticator apps")
        labels = {
            "user": _("staff member"),
            "name": _("name"),
            "confirmed": _("in use"),
            "created_at": _("enrolled"),
            "last_used_at": _("last used"),
        }
        for name, label in labels.items():
            options.get_field(name).verbose_name = label


class StaffAdminConfig(AdminConfig):
    """django.contrib.admin with the clinic's own site (kanalinhelmi.sites.StaffAdminSite)."""

    default_site = "kanalinhelmi.sites.StaffAdminSite"
