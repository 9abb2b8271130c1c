from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.db.models.signals import pre_migrate
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig
from post_office.apps import PostOfficeConfig


class KanalinhelmiConfig(AppConfig):
    """The project as an app: it owns the staff roles and the admin's look."""

    name = "kanalinhelmi"
    verbose_name = _("Staff and roles")

    def ready(self):
        from django.core import checks

        from kanalinhelmi import (
            mail,  # noqa: F401 (connects the mail queue's receiver)
            mail_admin,
        )
        from kanalinhelmi.checks import letters_can_be_made

        checks.register(letters_can_be_made)
        mail_admin.register()

        pre_migrate.connect(create_cache_tables, sender=self)

        # The site's header and titles are on kanalinhelmi.sites.StaffAdminSite.

        # S19–S21: the admin's own log would keep erased names; the audit trail records every change.
        from kanalinhelmi.admin_log import stop_writing_admin_log

        stop_writing_admin_log()

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


def create_cache_tables(*, using, **kwargs):
    """Issue 10, item 6: ``migrate`` creates the database cache's table first.

    Outside DEBUG the default cache is a table in the database, and data
    migrations already use the cache, so a fresh database needs the table
    before them: no separate ``createcachetable`` step to forget.
    """
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class LoginLockoutsConfig(AxesAppConfig):
    """django-axes under a name staff understand (S31)."""

    verbose_name = _("Login lockouts")


class TwoStepLoginConfig(TOTPConfig):
    """django-otp's authenticator devices under a name staff understand (S31)."""

    verbose_name = _("Two-step login devices")

    def ready(self):
        super().ready()
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from kanalinhelmi.third_party_labels import relabel_authenticator_fields

        # django-otp names its model and fields with plain English strings
        # that no catalogue can translate.
        relabel_authenticator_fields(TOTPDevice)


class MailQueueConfig(PostOfficeConfig):
    """django-post-office's queue under a name staff understand (S40)."""

    verbose_name = _("Mail queue")


class StaffAdminConfig(AdminConfig):
    """django.contrib.admin with the clinic's own site (kanalinhelmi.sites.StaffAdminSite)."""

    default_site = "kanalinhelmi.sites.StaffAdminSite"
