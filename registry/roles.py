"""What each staff role may do in the register (S29): least privilege.

Merged with the other apps' role permissions in ``kanalinhelmi.roles``.
"""

from kanalinhelmi.roles import BILLING, CUSTOMER_SERVICE, PRACTITIONER, RESPONSIBLE_PERSON, crud

_customer_service = [
    "registry.view_all_customers",
    *crud("registry", "customer", "view", "add", "change"),
    *crud("registry", "representative", "view", "add", "change", "delete"),
    *crud("registry", "identifier", "view", "add", "change"),
    *crud("registry", "feedback", "view", "add", "change"),
    *crud("registry", "carerelationship", "view", "add", "change"),
    *crud("registry", "extranetaccount", "view", "change"),
    "registry.view_electronicidentity",
    "registry.view_practitioner",
    "registry.view_disclosure",
]

_billing = [
    "registry.view_all_customers",
    "registry.view_customer",
    *crud("registry", "billingprofile", "view", "add", "change"),
    *crud("registry", "order", "view", "add", "change"),
    *crud("registry", "invoice", "view", "add", "change"),
]

ROLE_PERMISSIONS = {
    CUSTOMER_SERVICE: _customer_service,
    BILLING: _billing,
    # Row-level: Customer.objects.visible_to() limits them to their own customers.
    PRACTITIONER: [
        *crud("registry", "customer", "view", "change"),
        "registry.view_representative",
        *crud("registry", "feedback", "view", "add"),
        "registry.view_carerelationship",
        "registry.view_practitioner",
    ],
    RESPONSIBLE_PERSON: [
        *_customer_service,
        *_billing,
        *crud("registry", "disclosure", "view", "add", "change"),
        *crud("registry", "practitioner", "view", "add", "change"),
        *crud("registry", "controllerdetails", "view", "change"),
        # S38: they handle the request, so only they change a restricted customer.
        "registry.change_restricted_customer",
        # Issue 12: undo a link to a strong electronic identification made by mistake.
        "registry.delete_electronicidentity",
    ],
}
