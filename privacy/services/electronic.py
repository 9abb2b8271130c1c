"""The customer's electronic channel (issue 12; S33–S38, S40; GDPR Art. 12(3), D6).

A person who has identified with strong electronic identification
(``identification``) files requests on their own page without paper: the
identification is the verification of identity (S34), so the request starts
"identity verified" and its month runs from the filing. The person is known
by the keyed hash of their identity code (``person_key``), never by the code
itself (S9). The first time, staff link that identification to the customer
it concerns (``link_identified_customer``; Data Protection Act 1050/2018
s. 29); after that the person's own page finds their data without staff.

Answers to such requests wait on the own page: an e-mail without personal
data says that one is ready, and the requester's download is the letter's
"sent" record. Post is used only when the requester asks for it.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from privacy.models import DataSubjectRequest, RequestEvent, RequestLetter
from privacy.services.staff import _same_person
from privacy.services.workflow import Event, State, _error, _locked, _transition, possible_actions
from registry.models import ControllerDetails, ElectronicIdentity

Delivery = DataSubjectRequest.AnswerDelivery


def linked_customer(person_key):
    """The customer whose data the identified person may see, or None before staff have linked them."""
    if not person_key:
        return None
    link = ElectronicIdentity.objects.select_related("customer").filter(person_key=person_key).first()
    return link.customer if link is not None else None


def requests_of(person_key, customer=None):
    """The person's own requests, newest first: those they filed identified, and the customer's own ones.

    A request made on the customer's behalf by a guardian or a legal
    representative was answered to that representative and is not shown.
    """
    if not person_key:
        return DataSubjectRequest.objects.none()
    mine = Q(person_key=person_key)
    if customer is not None:
        mine |= Q(customer=customer, on_behalf=False)
    return DataSubjectRequest.objects.filter(mine).order_by("-received_at", "-pk")


@transaction.atomic
def file_online_request(
    *, person, kind, language, details="", email="", answer_by_post=False, postal_address=""
):
    """File a request on the own page after strong electronic identification (issue 12 item 4, S34).

    The request is verified by the identification itself: it starts at
    "identity verified", received now, so its due date counts from the
    filing (S40). It is linked to the person's customer when staff have
    linked their identification before; otherwise staff do it once while
    handling it. The answer waits on the own page unless the requester asks
    for post, to the address they give here. Raises ``ValidationError``.
    """
    if kind not in DataSubjectRequest.Kind.values:
        raise _error(_("Choose what you ask for."), code="kind")
    if answer_by_post and not postal_address.strip():
        raise _error(_("Give the postal address the answer is sent to."), code="postal_address")
    open_same = (
        DataSubjectRequest.objects.filter(person_key=person.person_key, kind=kind)
        .exclude(state__in=DataSubjectRequest.CLOSED_STATES)
        .first()
    )
    if open_same is not None:
        raise _error(
            _("You already have an open request of this kind (number %(number)s); we are handling it."),
            code="duplicate",
            number=open_same.pk,
        )
    now = timezone.now()
    customer = linked_customer(person.person_key)
    dsr = DataSubjectRequest(
        kind=kind,
        state=State.IDENTITY_VERIFIED,
        channel=DataSubjectRequest.Channel.OWN_PAGE,
        language=language,
        first_name=person.given_name[:100],
        last_name=person.family_name[:100],
        email=email.strip(),
        details=details.strip(),
        postal_address=postal_address.strip() if answer_by_post else "",
        answer_delivery=Delivery.POST if answer_by_post else Delivery.OWN_PAGE,
        person_key=person.person_key,
        customer=customer,
        received_at=now,
        confirmed_at=now,
        verification_method=DataSubjectRequest.VerificationMethod.STRONG_EID,
        verified_at=now,
    )
    dsr.full_clean()
    dsr.save()
    RequestEvent.objects.create(request=dsr, action=Event.FILED_ONLINE, to_state=State.IDENTITY_VERIFIED)
    return dsr


def can_link_customer(dsr):
    """Whether staff still have to link this identified request to its customer (the "link" step)."""
    return "link_customer" in possible_actions(dsr)


@transaction.atomic
def link_identified_customer(*, request, by, customer, note=""):
    """Staff confirm, once, which customer an identified requester is (issue 12 item 3).

    The identification's name must match the customer's, or the note says
    how staff made sure. An identification already linked to another
    customer, or a customer already linked to another identification, is
    refused: one person, one customer. The link (``ElectronicIdentity``)
    lets the person see their own data from now on; their other open
    requests filed before it are linked too. Goes on the timeline.
    """
    current = _locked(
        request,
        allowed=[State.IDENTITY_VERIFIED, State.IN_PROGRESS],
        action=pgettext_lazy("request cannot be", "linked to a customer"),
    )
    if not can_link_customer(current):
        raise _error(
            _(
                "Only a request made after strong electronic identification and not yet linked is linked here."
            ),
            code="not_identified",
        )
    if customer is None:
        raise _error(_("Choose the customer the request concerns."), code="customer")
    if not note.strip() and not _same_person(current, customer):
        raise _error(
            _(
                "The name given by the identification does not match the customer's. Check that this is "
                "the right customer, and write in the note how you confirmed it."
            ),
            code="different_person",
        )
    link = ElectronicIdentity.objects.select_for_update().filter(person_key=current.person_key).first()
    if link is not None and link.customer_id != customer.pk:
        raise _error(
            _(
                "This identification is already linked to customer number %(number)s. One person is one "
                "customer: check the customers, and ask the responsible person if they are the same person."
            ),
            code="identity_linked_elsewhere",
            number=link.customer_id,
        )
    if link is None:
        if ElectronicIdentity.objects.filter(customer=customer).exists():
            raise _error(
                _(
                    "Customer number %(number)s is already linked to another person's identification. "
                    "Check that this is the right customer."
                ),
                code="customer_linked_elsewhere",
                number=customer.pk,
            )
        ElectronicIdentity.objects.create(
            customer=customer, person_key=current.person_key, linked_by=by, linked_for_request=current.pk
        )
    current.customer = customer
    others = (
        DataSubjectRequest.objects.select_for_update()
        .filter(person_key=current.person_key, customer__isnull=True)
        .exclude(pk=current.pk)
        .exclude(state__in=DataSubjectRequest.CLOSED_STATES)
    )
    for other in others:
        other.customer = customer
        other.version += 1
        other.save(update_fields=["customer", "version"])
        RequestEvent.objects.create(
            request=other,
            actor=by,
            action=Event.CUSTOMER_LINKED,
            params={"customer": customer.pk},
            from_state=other.state,
            to_state=other.state,
        )
    return _transition(
        current,
        to_state=current.state,
        actor=by,
        action=Event.CUSTOMER_LINKED,
        params={"customer": customer.pk},
        note=note,
    )


@transaction.atomic
def record_download(*, letter, person):
    """The requester downloads a letter from their own page: the first download is its "sent" record.

    Issue 12 item 5, G11, S35, S40: the letter of a request answered on the
    own page is sent when the requester takes it, at that moment; staff see
    it on the request's timeline and the letter. A letter meant for post is
    marked by staff as before. Returns the letter.
    """
    current = RequestLetter.objects.select_for_update().select_related("request").get(pk=letter.pk)
    dsr = current.request
    if dsr.person_key != person.person_key or current.kind not in RequestLetter.SENT_KINDS:
        raise _error(_("This letter is not yours."), code="forbidden")
    if not current.is_ready:
        raise _error(_("The letter is not ready yet."), code="not_ready")
    if current.is_sent or dsr.answer_delivery != Delivery.OWN_PAGE:
        return current
    now = timezone.now()
    current.sent_on = timezone.localdate(now)
    current.sent_at = now
    current.sent_how = RequestLetter.Delivery.OWN_PAGE
    current.save(update_fields=["sent_on", "sent_at", "sent_how"])
    RequestEvent.objects.create(
        request=dsr,
        at=now,
        action=Event.LETTER_SENT,
        params={"letter": current.kind, "how": current.sent_how, "day": current.sent_on.isoformat()},
        from_state=dsr.state,
        to_state=dsr.state,
    )
    return current


def own_page_url():
    """The own page's address for e-mails, when the site's public address is configured."""
    base = settings.PUBLIC_SITE_URL.rstrip("/")
    return base + reverse("privacy:own_page") if base else ""


def notify_letter_ready(letter):
    """E-mail the requester that a letter waits on their own page (D6: no personal data in it).

    Only for an answer (or rejection) of a request answered on the own page
    and with an e-mail address given; the extension notice has its own
    e-mail (``extend_deadline``). In the caller's transaction, so the mail
    queue keeps it with the letter (issue 14).
    """
    dsr = letter.request
    if (
        dsr.answer_delivery != Delivery.OWN_PAGE
        or not dsr.email
        or letter.kind not in RequestLetter.ANSWER_KINDS
    ):
        return
    with translation.override(dsr.language):
        subject = gettext("Your data protection request: a letter is ready on your own page")
        body = render_to_string(
            "privacy/email/letter_ready_body.txt",
            {"controller": ControllerDetails.current(), "own_page_url": own_page_url()},
        )
    EmailMessage(subject, body, to=[dsr.email]).send()
