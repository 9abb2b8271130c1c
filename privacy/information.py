"""What the law requires the clinic to tell a person beside their data (GDPR Art. 12–15, 77, 79).

The access report and the letters read it from here, in the active
language: the purposes and their legal bases, the kinds of data, the
recipients (processors included), how long each kind of data is kept (read
from the retention rules the responsible person keeps, ``privacy.retention``),
where data comes from, automated decision-making, the person's rights, and
the remedies: a complaint to the Data Protection Ombudsman and a court.
No internal promise codes (S1–S40) appear here: a person reads this.
"""

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

OMBUDSMAN = {
    "name": _("Office of the Data Protection Ombudsman"),
    # GDPR Art. 77: the supervisory authority's address in the letter's own language.
    "address": _("P.O. Box 800, 00531 Helsinki"),
    "email": "tietosuoja@om.fi",
    "url": _("https://tietosuoja.fi/en"),
}


def ombudsman():
    """The Ombudsman's contact details as strings in the active language."""
    return {key: str(value) for key, value in OMBUDSMAN.items()}


def period_text(period, unit):
    """“36 months”, “3 years”, “30 days” in the active language."""
    if unit == "days":
        return ngettext("%(count)d day", "%(count)d days", period) % {"count": period}
    if unit == "months":
        return ngettext("%(count)d month", "%(count)d months", period) % {"count": period}
    return ngettext("%(count)d year", "%(count)d years", period) % {"count": period}


# One sentence per retention rule that concerns a customer; the period comes from the rule.
RETENTION_SENTENCES = {
    "ended_relationships": _(
        "Your customer details: deleted %(period)s after your customer relationship ended or, if you have "
        "had no care relationship, after your last activity (for example an order, a payment, a login or "
        "a request)."
    ),
    "identifiers": _(
        "IP addresses and other identifiers: deleted when they have not been seen for %(period)s."
    ),
    "billing_vouchers": _(
        "Orders, invoices and payments: kept for %(period)s from the end of the year in which the "
        "financial year ended (Accounting Act (1336/1997) chapter 2 section 10), then deleted."
    ),
    "handled_requests": _(
        "Your data protection requests, their handling and the answers: kept for %(period)s after the "
        "request was closed, as evidence that it was answered (GDPR Art. 5(2)), then deleted."
    ),
    "audit_entries": _(
        "The record of who has viewed or changed your data (access log): each entry is kept for "
        "%(period)s, and for as long as the data it concerns is kept."
    ),
    "cookie_choices": _("Your cookie choices on our website: kept for %(period)s after each choice."),
}


def retention_periods():
    """[(key, sentence)] with the periods in force (the rules in the database, else their defaults)."""
    from privacy.retention.models import RetentionRule
    from privacy.retention.rules import DEFAULTS

    stored = {rule.key: (rule.period, rule.unit) for rule in RetentionRule.objects.all()}
    sentences = []
    for key, sentence in RETENTION_SENTENCES.items():
        default = DEFAULTS[key]
        period, unit = stored.get(key, (default.period, default.unit))
        sentences.append((key, str(sentence) % {"period": period_text(period, unit)}))
    return sentences


def retention_period(key):
    """The period of one retention rule, as text (“5 years”)."""
    from privacy.retention.models import RetentionRule
    from privacy.retention.rules import DEFAULTS

    rule = RetentionRule.objects.filter(key=key).first()
    if rule is not None:
        return period_text(rule.period, rule.unit)
    return period_text(DEFAULTS[key].period, DEFAULTS[key].unit)


def legal_information():
    """What GDPR Art. 15(1)(a)–(h) requires beside the data itself, as titled paragraphs."""
    contact = ombudsman()
    return [
        {
            "key": "purposes",
            "title": _("Why we process your data, and on what basis"),
            "paragraphs": [
                _(
                    "To manage, administer and develop your customer relationship and to communicate with "
                    "you, also electronically: the contract with you (GDPR Art. 6(1)(b)) and our "
                    "legitimate interest in running our services (Art. 6(1)(f))."
                ),
                _(
                    "To analyse customer relationships: our legitimate interest in planning and developing "
                    "our services (Art. 6(1)(f)). The analysis is statistical."
                ),
                _(
                    "To carry out your and our rights and obligations, for example keeping the accounts: "
                    "the law (Art. 6(1)(c))."
                ),
                _(
                    "For our online services: the contract with you; for research: only with your consent (Art. 6(1)(a))."
                ),
                _(
                    "The clinic is responsible for the data of its own customers and of the customers of "
                    "the independent practitioners who work at the clinic. Recording you in the joint "
                    "register requires your consent."
                ),
            ],
        },
        {
            "key": "categories",
            "title": _("What kinds of data we hold"),
            "paragraphs": [
                _(
                    "Contact details you have given: name, phone number, e-mail, company name and web "
                    "address; classifications you have given about yourself; IP addresses and other "
                    "identifiers; feedback; other data collected with your consent; billing data "
                    "(orders, payment behaviour, bank account, e-invoicing address); your extranet user "
                    "name; data collected by the website's cookies with your consent."
                ),
            ],
        },
        {
            "key": "recipients",
            "title": _("Who receives the data"),
            "paragraphs": [
                _(
                    "We do not sell or rent your data. We disclose it only as the law allows or requires; "
                    "the disclosures made are listed above under their own heading."
                ),
                _(
                    "Our processors handle data on our behalf and only on our instructions, under a data "
                    "processing agreement (GDPR Art. 28): IT service providers, who run and maintain the "
                    "customer register's servers and software, and billing service providers, who send "
                    "invoices and e-invoices and receive payments."
                ),
                _("Your data is not transferred outside the European Union or the European Economic Area."),
            ],
        },
        {
            "key": "retention",
            "title": _("How long the data is kept"),
            "paragraphs": [sentence for _key, sentence in retention_periods()],
        },
        {
            "key": "sources",
            "title": _("Where the data comes from"),
            "paragraphs": [
                _(
                    "Mostly from you. Also from a minor's guardian or a legal representative; from your "
                    "purchases and transactions; from the population register update service (DVV), the "
                    "credit register of Suomen Asiakastieto Oy and other healthcare providers (Kanta)."
                ),
                _(
                    "Where the register records where an item came from, the source is shown with the "
                    "item above. Orders, invoices, customer relationships and disclosures arise in our own "
                    "dealings with you."
                ),
            ],
        },
        {
            "key": "automated_decisions",
            "title": _("Automated decision-making and profiling"),
            "paragraphs": [
                _(
                    "We make no decisions about you based solely on automated processing, including "
                    "profiling, that produce legal effects concerning you or similarly significantly "
                    "affect you (GDPR Art. 22). The analysis of customer relationships named above "
                    "produces statistics; no decision about you is made by it."
                ),
            ],
        },
        {
            "key": "rights",
            "title": _("Your rights"),
            "paragraphs": [
                _(
                    "You may inspect your data (GDPR Art. 15), have wrong data corrected (Art. 16), have "
                    "your data erased (Art. 17), have its processing restricted (Art. 18) and receive the "
                    "data you have given us in a machine-readable form (Art. 20)."
                ),
                _(
                    "You may object at any time to processing based on our legitimate interest, on "
                    "grounds relating to your particular situation, and to direct marketing without "
                    "giving a reason (Art. 21). You may also prohibit the disclosure of your data."
                ),
                _(
                    "Where we process data with your consent, you may withdraw the consent at any time; "
                    "the withdrawal does not affect processing before it (Art. 7(3))."
                ),
                _("Send your request to the person responsible for register matters at the address above."),
            ],
        },
        {
            "key": "remedies",
            "title": _("Complaint and court"),
            "paragraphs": [
                _(
                    "If you think that your data is processed unlawfully, you may complain to the Data "
                    "Protection Ombudsman (GDPR Art. 77): %(name)s, %(address)s, %(email)s, %(url)s."
                )
                % contact,
                gettext(
                    "You may also take the matter to a district court (GDPR Art. 79), either the court of "
                    "the place where you live or that of the clinic's domicile."
                ),
            ],
        },
    ]
