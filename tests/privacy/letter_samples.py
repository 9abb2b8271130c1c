"""Every kind of letter the register writes, through the real request workflow, in one language.

Used by the letter tests (issue 18) and by ``scripts/letters.sh``, which
renders the same letters to PNG in ``docs/letters/``.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from privacy import services
from tests.factories import (
    CareRelationshipFactory,
    CustomerFactory,
    DisclosureFactory,
    IdentifierFactory,
    InvoiceFactory,
    PractitionerFactory,
)
from tests.privacy.conftest import confirmed, in_progress

KINDS = (
    "inspection",
    "correction",
    "erasure",
    "rejection",
    "rejection_identity",
    "extension",
    "restriction",
    "objection",
    "prohibit_disclosure",
    "prohibit_direct_marketing",
)

# What a requester or staff member writes is stored as written, in the letter's language here.
TEXTS = {
    "fi": {
        "details": "Puhelinnumeroni on nykyään 040 765 4321, ja vanha IP-osoite on poistettava.",
        "not_done": "Osoitetta ei muutettu, koska rekisterissä ei ole osoitetietoja.",
        "excessive": "Olet pyytänyt samoja tietoja viisi kertaa kuukauden aikana, ja tietosi eivät ole muuttuneet.",
        "identity": "Pyynnön nimi ja sähköpostiosoite eivät vastaa rekisterin tietoja, eikä pyyntökirjettä saapunut.",
        "address": "Nortamonkatu 1 A 2\n26100 Rauma",
    },
    "sv": {
        "details": "Mitt telefonnummer är numera 040 765 4321, och den gamla IP-adressen ska raderas.",
        "not_done": "Adressen ändrades inte, eftersom registret inte innehåller några adressuppgifter.",
        "excessive": "Du har begärt samma uppgifter fem gånger på en månad, och dina uppgifter har inte ändrats.",
        "identity": "Namnet och e-postadressen i begäran stämmer inte med registret, och inget brev kom.",
        "address": "Nortamogatan 1 A 2\n26100 Raumo",
    },
    "en": {
        "details": "My phone number is now 040 765 4321, and the old IP address must be removed.",
        "not_done": "The address was not changed, because the register holds no addresses.",
        "excessive": "You have asked for the same data five times in one month, and your data has not changed.",
        "identity": "The name and e-mail address of the request do not match the register, and no signed letter came.",
        "address": "Nortamonkatu 1 A 2\n26100 Rauma\nFINLAND",
    },
}


def received():
    """Six days ago at ten, so that the extension is still allowed whenever the tests run."""
    day = timezone.localdate() - timedelta(days=6)
    return timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 10, 0))


def customer():
    """A customer with something in every part of the register that letters show."""
    person = CustomerFactory(first_name="Aino", last_name="Virtanen", phone="+358401234567")
    practitioner = PractitionerFactory(
        first_name="Pekka",
        last_name="Aaltonen",
        profession="fysioterapeutti",
        profession_sv="fysioterapeut",
        profession_en="physiotherapist",
    )
    CareRelationshipFactory(customer=person, practitioner=practitioner)
    IdentifierFactory(customer=person, value="203.0.113.7", seen_in="www.kanalinhelmi.fi")
    InvoiceFactory(customer=person, amount=Decimal("120.50"))
    DisclosureFactory(
        customer=person,
        recipient="Kela",
        legal_ground="Sairausvakuutuslaki 19 luku 1 §",
        legal_ground_sv="Sjukförsäkringslagen 19 kap. 1 §",
        legal_ground_en="Health Insurance Act chapter 19 section 1",
        data_disclosed="Kela 2026/123",
    )
    return person


def request_for(staff, person, kind, language, **kwargs):
    return in_progress(
        staff,
        customer=person,
        kind=kind,
        language=language,
        received_at=received(),
        postal_address=TEXTS[language]["address"],
        **kwargs,
    )


def answer(dsr, kind="answer"):
    return dsr.letters.filter(kind=kind).latest("pk")


def every_letter(language, staff, approver):
    """{kind: RequestLetter} for every kind in ``KINDS``, written in ``language``."""
    texts = TEXTS[language]
    letters = {}

    def complete(kind, **kwargs):
        dsr = request_for(staff, customer(), kind, language)
        return answer(services.complete_request(request=dsr, by=staff, **kwargs))

    letters["inspection"] = complete("inspection")

    person = customer()
    dsr = request_for(staff, person, "correction", language, details=texts["details"])
    person.phone = "+358407654321"
    person.save()
    person.identifiers.get().delete()
    dsr = services.complete_request(request=dsr, by=staff, not_done=texts["not_done"])
    letters["correction"] = answer(dsr)

    dsr = request_for(staff, customer(), "erasure", language)
    dsr = services.propose_erasure(request=dsr, by=staff)
    letters["erasure"] = answer(services.approve_request(request=dsr, by=approver))

    for name, reason, explanation in (
        ("rejection", "excessive", texts["excessive"]),
        ("rejection_identity", "identity_not_verified", texts["identity"]),
    ):
        dsr = confirmed(language=language, received_at=received(), postal_address=texts["address"])
        dsr = services.propose_rejection(request=dsr, by=staff, reason=reason, explanation=explanation)
        letters[name] = answer(services.approve_request(request=dsr, by=approver), "rejection")

    dsr = confirmed(language=language, received_at=received(), postal_address=texts["address"])
    dsr = services.extend_deadline(request=dsr, by=staff, months=2, ground="complex")
    letters["extension"] = answer(dsr, "extension_notice")

    letters["restriction"] = complete("restriction", restriction_ground="accuracy_contested")
    letters["objection"] = complete("prohibit_processing")
    letters["prohibit_disclosure"] = complete("prohibit_disclosure")
    letters["prohibit_direct_marketing"] = complete("prohibit_direct_marketing")
    return letters
