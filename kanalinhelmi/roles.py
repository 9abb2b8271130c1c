"""Staff roles and what each may do (S29–S31, DESIGN.md "Staff roles").

Least privilege: each role has only the permissions its work needs. The
groups are created and kept in step by data migrations (``sync_roles``), so
a fresh database has them. A superuser is for system administration only.
"""

CUSTOMER_SERVICE = "Asiakaspalvelu"
BILLING = "Laskutus"
PRACTITIONER = "Ammatinharjoittaja"
RESPONSIBLE_PERSON = "Rekisterivastaava"


def _crud(model, *actions):
    return [f"{action}_{model}" for action in actions]


_customer_service = [
    "registry.view_all_customers",
    *(f"registry.{p}" for p in _crud("customer", "view", "add", "change")),
    *(f"registry.{p}" for p in _crud("representative", "view", "add", "change", "delete")),
    *(f"registry.{p}" for p in _crud("identifier", "view", "add", "change")),
    *(f"registry.{p}" for p in _crud("feedback", "view", "add", "change")),
    *(f"registry.{p}" for p in _crud("carerelationship", "view", "add", "change")),
    *(f"registry.{p}" for p in _crud("extranetaccount", "view", "change")),
    "registry.view_practitioner",
    "registry.view_disclosure",
]

_billing = [
    "registry.view_all_customers",
    "registry.view_customer",
    *(f"registry.{p}" for p in _crud("billingprofile", "view", "add", "change")),
    *(f"registry.{p}" for p in _crud("order", "view", "add", "change")),
    *(f"registry.{p}" for p in _crud("invoice", "view", "add", "change")),
]

# Row-level: Customer.objects.visible_to() limits them to their own customers.
_practitioner = [
    *(f"registry.{p}" for p in _crud("customer", "view", "change")),
    "registry.view_representative",
    *(f"registry.{p}" for p in _crud("feedback", "view", "add")),
    "registry.view_carerelationship",
    "registry.view_practitioner",
]

_responsible_person = sorted(
    {
        *_customer_service,
        *_billing,
        *(f"registry.{p}" for p in _crud("disclosure", "view", "add", "change")),
        *(f"registry.{p}" for p in _crud("practitioner", "view", "add", "change")),
        *(f"registry.{p}" for p in _crud("controllerdetails", "view", "change")),
        "auditlog.view_logentry",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "axes.view_accesslog",
        "axes.view_accessfailurelog",
    }
)

ROLE_PERMISSIONS = {
    CUSTOMER_SERVICE: _customer_service,
    BILLING: _billing,
    PRACTITIONER: _practitioner,
    RESPONSIBLE_PERSON: _responsible_person,
}


def sync_roles(apps):
    """Make each role's group hold exactly the permissions listed above.

    ``apps`` is the migration state's registry. A permission that does not
    exist is an error: a typo here must not silently grant less.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        permissions = []
        for name in names:
            app_label, codename = name.split(".")
            try:
                permissions.append(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
            except Permission.DoesNotExist:
                raise LookupError(f"Role {role}: no permission {name}") from None
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set(permissions)
