"""The request workflow (S33–S38, S40): every transition is a service.

States::

    submitted → email_confirmed → identity_verified → in_progress
        → (awaiting_approval: erasure, rejection) → completed | rejected
    submitted → expired (never confirmed)

Each service locks the request row (``select_for_update``) and compares the
version the caller was shown with the stored one, so two staff acting on the
same request at once cannot both succeed: the second gets a clear error. An
illegal transition is a ``ValidationError`` that says what is possible.
Every transition leaves a ``RequestEvent`` on the request's timeline.

The services live in one module per section of the workflow; every name
is imported here, so ``privacy.services.<name>`` keeps working.
"""

from privacy.services.attachments import (  # noqa: F401
    ATTACHMENT_TYPES,
    _attachment_name,
    attach_document,
    remove_attachment,
)
from privacy.services.electronic import (  # noqa: F401
    can_link_customer,
    file_online_request,
    link_identified_customer,
    linked_customer,
    notify_letter_ready,
    record_download,
    requests_of,
)
from privacy.services.erasure import (  # noqa: F401
    REDACTED,
    REQUEST_EVIDENCE_GROUND,
    REQUEST_EVIDENCE_YEARS,
    _redact,
    entries_of,
    erase_customer,
    erase_customer_data,
    erase_customer_requests_part,
    forget_in_admin_log,
    redact_entries,
)
from privacy.services.sending import (  # noqa: F401
    mark_letter_sent,
    retry_letter,
)
from privacy.services.staff import (  # noqa: F401
    BOOKKEEPING_FIELDS,
    EVIDENCE_OF_METHOD,
    NOTIFIED_PROHIBITION_KINDS,
    _answer_correction,
    _answer_inspection,
    _check_evidence,
    _check_former_customer,
    _require_approver,
    _same_person,
    approve_request,
    changed_fields,
    complete_request,
    extend_deadline,
    propose_erasure,
    propose_rejection,
    return_request,
    start_processing,
    verify_identity,
)
from privacy.services.submission import (  # noqa: F401
    confirm_email,
    confirmation_path,
    confirmation_token_generator,
    expire_unconfirmed_requests,
    record_paper_request,
    request_form_letter,
    request_letter_path,
    send_confirmation,
    submit_request,
)
from privacy.services.workflow import (  # noqa: F401
    ACTION_LABELS,
    Event,
    Kind,
    State,
    _error,
    _locked,
    _transition,
    possible_actions,
    possible_actions_label,
)
