"""Who may review the audit trail (S2, S39): the responsible person only.

Merged with the other apps' role permissions in ``kanalinhelmi.roles``.
"""

from kanalinhelmi.roles import RESPONSIBLE_PERSON

ROLE_PERMISSIONS = {
    RESPONSIBLE_PERSON: ["audit_review.review_audit_trail"],
}
