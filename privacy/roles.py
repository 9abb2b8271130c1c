"""What each staff role may do with data-subject requests (S2, S29).

Customer service handles requests up to approval; the responsible person
(Rekisterivastaava) approves erasures and rejections and may do everything.
Billing and practitioners have nothing to do with requests.
"""

from kanalinhelmi.roles import CUSTOMER_SERVICE, RESPONSIBLE_PERSON, crud

_handling = [
    *crud("privacy", "datasubjectrequest", "view", "add", "change"),
    "privacy.view_requestletter",
    "privacy.view_requestevent",
    "privacy.view_legalhold",
]

ROLE_PERMISSIONS = {
    CUSTOMER_SERVICE: _handling,
    RESPONSIBLE_PERSON: [
        *_handling,
        "privacy.approve_datasubjectrequest",
        # A document scanned by mistake (an identity card) must be removable.
        "privacy.delete_requestattachment",
    ],
}
