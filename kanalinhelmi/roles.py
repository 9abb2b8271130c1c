"""Staff roles and what each may do (S29–S31, DESIGN.md "Staff roles").

Least privilege: each role has only the permissions its work needs. Each app
says what the roles may do with its own models in ``<app>/roles.py``
(``ROLE_PERMISSIONS``); this module adds the project-wide ones and keeps
the groups in step through data migrations (``sync_roles``), so a fresh
database has them. A superuser is for system administration only.
"""

from django.utils.module_loading import import_string

CUSTOMER_SERVICE = "Asiakaspalvelu"
BILLING = "Laskutus"
PRACTITIONER = "Ammatinharjoittaja"
RESPONSIBLE_PERSON = "Rekisterivastaava"

ROLES = [CUSTOMER_SERVICE, BILLING, PRACTITIONER, RESPONSIBLE_PERSON]

# The apps whose roles.py is read; each app's data migration syncs its own.
ROLE_MODULES = [
    "kanalinhelmi.roles",
    "registry.roles",
    "consent.roles",
    "privacy.roles",
    "privacy.audit.roles",
    "privacy.retention.roles",
]


def crud(app_label, model, *actions):
    return [f"{app_label}.{action}_{model}" for action in actions]


# Project-wide: the audit trail (S39), login lockouts and two-step login (S31),
# staff members' confidentiality undertakings (S30).
ROLE_PERMISSIONS = {
    RESPONSIBLE_PERSON: [
        # Recorded and read, never changed or deleted: a mistake is corrected by a new record.
        "kanalinhelmi.view_confidentialityundertaking",
        "kanalinhelmi.add_confidentialityundertaking",
        # Resetting a staff member's lost authenticator: remove the device.
        "otp_totp.view_totpdevice",
        "otp_totp.delete_totpdevice",
        "auditlog.view_logentry",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "axes.view_accesslog",
        "axes.view_accessfailurelog",
        # The mail queue (S40): see what could not be sent and send it again.
        "post_office.view_email",
        "post_office.change_email",
        "post_office.view_log",
    ],
}


def all_role_permissions():
    """{role: set of "app_label.codename"} over every app's roles.py."""
    merged = {role: set() for role in ROLES}
    for module in ROLE_MODULES:
        try:
            permissions = import_string(f"{module}.ROLE_PERMISSIONS")
        except ImportError:
            continue
        for role, names in permissions.items():
            merged[role].update(names)
    return merged


def sync_roles(apps, app_labels):
    """Make each role hold exactly its listed permissions for ``app_labels``.

    Permissions of other apps are left as they are, so each app's data
    migration can sync its own part when its models exist. ``apps`` is the
    migration state's registry. A listed permission whose model does not
    exist yet at this point of the migration history is left for the later
    migration that syncs the app again; that no listed permission is missing
    once every migration has run (a typo would grant less) is checked by
    tests/registry/test_roles.py.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        if app_config.label in app_labels:
            app_config.models_module = True
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in all_role_permissions().items():
        wanted = []
        for name in sorted(names):
            app_label, codename = name.split(".")
            if app_label not in app_labels:
                continue
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                wanted.append(permission)
        group, _created = Group.objects.get_or_create(name=role)
        keep = group.permissions.exclude(content_type__app_label__in=app_labels)
        group.permissions.set([*keep, *wanted])
