"""What each letter must say, in each language, checked by meaning (issue 18 items 1–10, issue 11 item 8).

Each letter kind is written once per language through the real workflow
(``letter_samples.every_letter``); the tests read its visible text for the
legally required content: remedies, grounds, the items of GDPR Art. 15(1),
Art. 18(2)–(3), Art. 21, Art. 12(3)–(6) and the dates in the letter's form.
"""

import re
import subprocess

import pytest
from django.utils import timezone, translation

from tests.privacy.letter_samples import TEXTS, every_letter, received
from tests.privacy.test_letters_all_languages import visible_text

pytestmark = pytest.mark.django_db

LANGUAGES = ("fi", "sv", "en")

# The same meaning in each language: (Finnish, Swedish, English).
SAY = {
    "ombudsman": ("PL 800, 00531 Helsinki", "PB 800, 00531 Helsingfors", "P.O. Box 800, 00531 Helsinki"),
    "court": ("käräjäoikeuteen", "tingsrätten", "district court"),
    "complaint_article": ("77 artikla", "artikel 77", "Art. 77"),
    "vouchers_ground": ("17 artiklan 3 kohdan b alakohta", "artikel 17.3 b", "Art. 17(3)(b)"),
    "accounting_act": (
        "kirjanpitolain (1336/1997) 2 luvun 10 §",
        "bokföringslagen (1336/1997) 2 kap. 10 §",
        "Accounting Act (1336/1997) chapter 2 section 10",
    ),
    "records_ground": ("17 artiklan 3 kohdan e alakohta", "artikel 17.3 e", "Art. 17(3)(e)"),
    "accountability": ("5 artiklan 2 kohta", "artikel 5.2", "Art. 5(2)"),
    "retention_ends": ("Säilytysaika päättyy", "Bevarandetiden går ut", "Retention ends"),
    "prohibitions_on_row": ("ettei tietojasi saa luovuttaa", "inte får lämnas ut", "may not be disclosed"),
    "access_log_kept": ("Kukin merkintä säilytetään 5 vuotta", "bevaras i 5 år", "kept for 5 years"),
    "purposes_basis": ("6 artiklan 1 kohdan b alakohta", "artikel 6.1 b", "Art. 6(1)(b)"),
    "processors": ("käsittelijämme", "personuppgiftsbiträden", "processors"),
    "it_providers": ("tietotekniikkapalvelujen tarjoajat", "IT-tjänster", "IT service providers"),
    "billing_providers": (
        "laskutuspalvelujen tarjoajat",
        "faktureringstjänster",
        "billing service providers",
    ),
    "customer_retention": ("36 kuukautta", "36 månader", "36 months"),
    "voucher_retention": ("6 vuotta sen vuoden päättymisestä", "6 år från utgången", "6 years from the end"),
    "request_retention": (
        "3 vuotta pyynnön käsittelyn päättymisestä",
        "3 år efter att begäran avslutades",
        "3 years after",
    ),
    "access_log_retention": ("lokitiedot", "(logg)", "(access log)"),
    "automated": ("profilointiin", "profilering", "profiling"),
    "art22": ("22 artikla", "artikel 22", "Art. 22"),
    "object": ("vastustaa", "invända", "object"),
    "withdraw": ("peruuttaa suostumuksen", "återkalla samtycket", "withdraw the consent"),
    "sources_where_recorded": (
        "Kun rekisteriin on kirjattu, mistä tieto on saatu",
        "När registret anger varifrån",
        "Where the register records where",
    ),
    "stored_label": (
        "näytetään sellaisina kuin ne on kirjattu",
        "visas så som de registrerades",
        "shown as they were recorded",
    ),
    "restriction_ground": ("18 artiklan 1 kohdan a alakohta", "artikel 18.1 a", "Art. 18(1)(a)"),
    "restriction_duration": ("Rajoitus kestää", "Begränsningen varar", "The restriction lasts"),
    "public_interest": ("tärkeää yleistä etua", "viktigt allmänt intresse", "important public interest"),
    "art18_2": ("18 artiklan 2 kohta", "artikel 18.2", "Art. 18(2)"),
    "told_before_lifting": (
        "Ilmoitamme sinulle ennen kuin poistamme rajoituksen",
        "Vi underrättar dig innan vi häver begränsningen",
        "Before we lift the restriction, we tell you",
    ),
    "art18_3": ("18 artiklan 3 kohta", "artikel 18.3", "Art. 18(3)"),
    "objection_article": ("21 artiklan 1 kohta", "artikel 21.1", "Art. 21(1)"),
    "compelling": (
        "huomattavan tärkeä ja perusteltu syy",
        "tvingande berättigade skäl",
        "compelling legitimate grounds",
    ),
    "objection_outcome": (
        "Tällaista syytä meillä ei ole",
        "Vi har inga sådana tvingande skäl",
        "We have no such compelling grounds",
    ),
    "decision": (
        "Emme toteuta pyyntöäsi.",
        "Vi genomför inte din begäran.",
        "We do not carry out your request.",
    ),
    "excessive": ("kohtuuton", "orimlig", "excessive"),
    "art12_5": ("12 artiklan 5 kohta", "artikel 12.5", "Art. 12(5)"),
    "burden": ("Meidän on osoitettava", "Det är vi som ska visa", "It is for us to show"),
    "identity_decision": (
        "Emme toteuta pyyntöäsi nyt",
        "Vi genomför inte din begäran nu",
        "We do not carry out your request now",
    ),
    "more_information": (
        "11 artiklan 2 kohta ja 12 artiklan 6 kohta",
        "artikel 11.2 och 12.6",
        "Art. 11(2) and 12(6)",
    ),
    "extension_article": ("12 artiklan 3 kohta", "artikel 12.3", "Art. 12(3)"),
    "complex": ("Pyyntösi on monimutkainen", "Din begäran är komplicerad", "Your request is complex"),
    "svarsfrist": ("määräaikaa", "svarsfristen", "this time"),
    "asked_label": (
        "Pyyntösi sellaisena kuin se on kirjattu",
        "Din begäran så som den registrerades",
        "Your request as it was recorded",
    ),
    "not_done": ("Mitä emme korjanneet", "Vad vi inte rättade", "What we did not correct"),
    "removed": ("Poistettu: ", "Raderat: ", "Removed: "),
    "ip_label": ("IP-osoite", "IP-adress", "IP address"),
    "reference": ("Viitteemme: ", "Vår referens: ", "Our reference: "),
    "profession": ("fysioterapeutti", "fysioterapeut", "physiotherapist"),
    "legal_ground": (
        "Sairausvakuutuslaki 19 luku 1 §",
        "Sjukförsäkringslagen 19 kap. 1 §",
        "Health Insurance Act chapter 19 section 1",
    ),
    "amount": ("120,50", "120,50", "120.50"),
    "controller_phone": ("02 6354665", "02 6354665", "+358 2 6354665"),
    "controller_email": ("tietosuoja@kanalinhelmi.fi",) * 3,
}
ASKED_TO_INSPECT = (
    "Pyysit {day} saada tarkastaa tietosi.",
    "Du bad den {day} att få granska dina uppgifter.",
    "You asked on {day} to inspect your data.",
)
IN_PROGRESS = ("käsittelyssä", "under behandling", "in progress")


def say(key, language):
    return SAY[key][LANGUAGES.index(language)]


def day_in(language, day):
    with translation.override(language):
        from privacy.templatetags.letter_format import letter_date

        return letter_date(day)


@pytest.fixture(scope="module", params=LANGUAGES)
def letters(request, django_db_setup, django_db_blocker):
    """Every letter kind in one language, written once for this module's tests."""
    from kanalinhelmi import roles
    from tests.conftest import make_staff

    language = request.param
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            staff = make_staff(f"letters-{language}", roles.CUSTOMER_SERVICE)
            approver = make_staff(f"approver-{language}", roles.RESPONSIBLE_PERSON)
            written = every_letter(language, staff, approver)
            for letter in written.values():
                letter.request  # noqa: B018 — read now: the rows are rolled back after this block
            result = language, {kind: (letter, visible_text(letter.html)) for kind, letter in written.items()}
            transaction.set_rollback(True)
    return result


def text_of(letters, kind):
    return letters[1][kind][1]


def assert_says(text, language, *keys):
    missing = [say(key, language) for key in keys if say(key, language) not in text]
    assert missing == [], f"the {language} letter does not say {missing}"


def test_every_answer_with_a_refusal_names_the_ombudsman_in_its_language_and_the_court(letters):
    """Issue 18 items 1, 5, 6, 9: Art. 77 and 79 remedies, the Ombudsman's address in the letter's language."""
    language, _ = letters
    for kind in (
        "erasure",
        "rejection",
        "rejection_identity",
        "extension",
        "restriction",
        "objection",
        "correction",
    ):
        assert_says(text_of(letters, kind), language, "ombudsman", "court", "complaint_article")


def test_erasure_gives_reasons_for_what_is_kept(letters):
    """Issue 18 item 1: Art. 17(3)(b) for vouchers, Art. 17(3)(e) and 5(2) for the request record, retention ends."""
    language, _ = letters
    text = text_of(letters, "erasure")
    assert_says(
        text,
        language,
        "vouchers_ground",
        "accounting_act",
        "records_ground",
        "accountability",
        "retention_ends",
    )
    assert_says(text, language, "prohibitions_on_row", "access_log_kept")
    # Repeated grounds are grouped: the Accounting Act is cited once, not per voucher.
    assert text.count(say("accounting_act", language)) == 1


def test_inspection_covers_every_item_of_article_15(letters):
    """Issue 18 item 2: purposes with bases, recipients with processors, concrete retention,
    sources only where recorded, automated decisions, objection and withdrawal, remedies."""
    language, _ = letters
    text = text_of(letters, "inspection")
    assert_says(
        text,
        language,
        "purposes_basis",
        "processors",
        "it_providers",
        "billing_providers",
        "customer_retention",
        "voucher_retention",
        "request_retention",
        "access_log_retention",
        "automated",
        "art22",
        "object",
        "withdraw",
        "sources_where_recorded",
        "stored_label",
        "ombudsman",
        "court",
    )
    assert say("profession", language) in text and say("legal_ground", language) in text
    assert say("amount", language) in text


def test_inspection_does_not_show_the_answered_requests_own_workflow(letters):
    """Issue 18 item 2, issue 11 item 8: no "State: in progress" in the very answer."""
    language, _ = letters
    assert IN_PROGRESS[LANGUAGES.index(language)] not in text_of(letters, "inspection")


def test_inspection_says_when_it_was_asked_in_the_letters_date_form(letters):
    """Issue 18 items 8 and 10: "Pyysit 26.11.2026 saada tarkastaa tietosi", "2 December 2026"."""
    language, _ = letters
    day = day_in(language, received())
    text = text_of(letters, "inspection")
    assert ASKED_TO_INSPECT[LANGUAGES.index(language)].format(day=day) in text
    assert day_in(language, timezone.localdate()) in text
    if language == "en":
        assert re.search(r"\d{1,2} [A-Z][a-z]+ \d{4}", day)
    else:
        assert re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", day)


def test_every_letter_carries_our_reference_the_controllers_email_and_a_formatted_phone(letters):
    """Issue 18 items 8 and 11."""
    language, written = letters
    for kind, (letter, text) in written.items():
        assert f"{say('reference', language)}{letter.request_id}" in text, kind
        assert say("controller_email", language) in text and say("controller_phone", language) in text, kind


def test_restriction_gives_ground_duration_exceptions_and_notice_before_lifting(letters):
    """Issue 18 item 3: Art. 18(1) ground and duration, Art. 18(2) with public interest, Art. 18(3)."""
    language, _ = letters
    text = text_of(letters, "restriction")
    assert_says(
        text,
        language,
        "restriction_ground",
        "restriction_duration",
        "public_interest",
        "art18_2",
        "told_before_lifting",
        "art18_3",
    )
    assert "perua" not in text and "återkalla" not in text and "cancel" not in text


def test_prohibition_of_processing_is_answered_as_an_objection(letters):
    """Issue 18 item 4: Art. 21(1), compelling grounds, and which applies."""
    language, _ = letters
    assert_says(
        text_of(letters, "objection"), language, "objection_article", "compelling", "objection_outcome"
    )


def test_rejection_is_a_decision_on_a_named_ground_of_article_12_5_with_its_reason(letters):
    """Issue 18 item 5: "Emme toteuta", which ground and why, the burden of proof, court."""
    language, _ = letters
    text = text_of(letters, "rejection")
    assert_says(text, language, "decision", "excessive", "art12_5", "burden", "court")
    assert TEXTS[language]["excessive"] in text


def test_rejection_for_unverified_identity_invites_more_information(letters):
    """Issue 18 item 5: Art. 11(2) and 12(6) instead of closing the matter."""
    language, _ = letters
    text = text_of(letters, "rejection_identity")
    assert_says(text, language, "identity_decision", "more_information")
    assert say("burden", language) not in text


def test_extension_ties_its_reason_to_the_law_and_gives_the_dates(letters):
    """Issue 18 item 6: Art. 12(3) reason as a choice, the original and the new date, remedies."""
    language, written = letters
    letter, text = written["extension"]
    assert_says(text, language, "extension_article", "complex", "svarsfrist", "ombudsman", "court")
    dsr = letter.request
    assert day_in(language, dsr.original_due_on) in text and day_in(language, dsr.due_on) in text


def test_correction_compares_what_was_asked_with_what_was_done(letters):
    """Issue 18 item 7: the request as stored and labelled, what was done with readable labels, a removed row
    as one line, and what was not done and why."""
    language, _ = letters
    text = text_of(letters, "correction")
    assert TEXTS[language]["details"] in text and TEXTS[language]["not_done"] in text
    assert_says(text, language, "asked_label", "not_done", "removed", "ip_label")
    assert text.count(say("removed", language)) == 1
    assert "040 7654321" in text or "+358 40 7654321" in text


def test_the_sign_off_is_never_split_from_the_name(letters):
    """Issue 18 item 10: the closing words and the signer's name are on the same page of the PDF."""
    _language, written = letters
    for kind, (letter, _text) in written.items():
        pages = (
            subprocess.run(
                ["pdftotext", "-layout", "-", "-"], input=bytes(letter.pdf), capture_output=True, check=True
            )
            .stdout.decode()
            .split("\f")
        )
        signed = [
            page
            for page in pages
            if re.search(
                r"(Ystävällisin terveisin|Med vänliga hälsningar|Yours sincerely,)\s+Eero Kitinoja", page
            )
        ]
        assert len(signed) == 1, kind


def test_the_sign_off_stays_with_the_name_wherever_the_page_breaks():
    """Issue 18 item 10: however long the body, the closing words never end a page without the name."""
    from django.template import engines
    from django.utils import translation

    from privacy.letters import html_to_pdf
    from privacy.report import controller_details

    template = engines["django"].from_string(
        '{% extends "privacy/letters/base.html" %}{% block body %}'
        "{% for line in lines %}<p>Rivi {{ line }}</p>{% endfor %}{% endblock %}"
    )
    with translation.override("fi"):
        for length in range(36, 56):
            html = template.render({"controller": controller_details(), "lines": range(length)})
            pages = (
                subprocess.run(
                    ["pdftotext", "-layout", "-", "-"],
                    input=html_to_pdf(html),
                    capture_output=True,
                    check=True,
                )
                .stdout.decode()
                .split("\f")
            )
            assert any(re.search(r"Ystävällisin terveisin\s+Eero Kitinoja", page) for page in pages), length


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("fi", ["IP-osoite", "120,50", "26.11.2026 klo 12.05", "040 7654321"]),
        ("en", ["IP address", "120.50", "26 November 2026 at 12:05", "+358 40 7654321"]),
    ],
)
def test_audit_values_in_a_correction_are_shown_as_people_read_them(language, shown):
    """Issue 18 items 7 and 8: choice labels, decimal commas, local times without microseconds, phones."""
    from privacy.letters import readable_value
    from registry.models import Customer, Identifier, Invoice

    with translation.override(language):
        values = [
            readable_value(Identifier, "kind", "ip_address"),
            readable_value(Invoice, "amount", "120.5"),
            readable_value(Identifier, "first_seen_at", "2026-11-26 10:05:33.123456+00:00"),
            readable_value(Customer, "phone", "+358407654321"),
        ]
    assert values == shown
