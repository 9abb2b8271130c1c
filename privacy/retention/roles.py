"""What each staff role may do with retention (S2, S19–S21).

The responsible person reads the rules, changes their periods, ends
customer relationships and removes customers after misuse; nobody adds or
deletes rules (they come from code), and the batches are written only by
the retention job.
"""

from kanalinhelmi.roles import RESPONSIBLE_PERSON, crud

ROLE_PERMISSIONS = {
    RESPONSIBLE_PERSON: [
        *crud("retention", "retentionrule", "view", "change"),
        *crud("retention", "relationshipending", "view", "add"),
        "retention.view_retentionbatch",
    ],
}
