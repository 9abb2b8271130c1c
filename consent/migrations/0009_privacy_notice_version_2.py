"""Version 2 of the privacy notice (GDPR Art. 13), and the purposes of processing with their legal bases.

Version 1, the clinic's statement word for word, stays in the archive.
Version 2 keeps its content and completes it: the legal basis of each
purpose (from ``ProcessingPurpose``, created here), the retention periods
(read from the retention rules when the notice is shown), erasure,
restriction and the other rights with links to the online forms, the right
to complain to the Data Protection Ombudsman, and the GDPR with the Data
Protection Act (1050/2018) instead of the repealed Personal Data Act.
The transfers section says nothing leaves the EU/EEA; when a tracker id is
set the page names the transfer instead (S18, D1).

The notice must give a contact e-mail address (Art. 13(1)(a)); the
controller details had none, so an address for data-protection matters is
filled in when empty. The responsible person corrects it in the
back-office if the clinic uses another.
"""

from django.db import migrations
from django.utils import timezone

CONTACT_EMAIL = "tietosuoja@kanalinhelmi.fi"

PURPOSES = [
    # key, legal basis, (name fi, sv, en), (basis detail fi, sv, en), (data subjects fi, sv, en), (data fi, sv, en)
    (
        "customer_relationship",
        "contract",
        (
            "Asiakassuhteen hoitaminen, hallinnointi, kehittäminen ja analysointi sekä asiakasviestintä",
            "Att sköta, administrera, utveckla och analysera kundrelationen samt kundkommunikation",
            "Managing, administering, developing and analysing the customer relationship, and customer "
            "communication",
        ),
        (
            "asiakassuhde ja palvelusopimus",
            "kundrelationen och serviceavtalet",
            "the customer relationship and the service agreement",
        ),
        (
            "asiakkaat, alaikäisten huoltajat ja edunvalvojat",
            "kunder, minderårigas vårdnadshavare och intressebevakare",
            "customers, guardians of minors and legal representatives",
        ),
        (
            "nimi, puhelinnumero, sähköpostiosoite, yrityksen nimi ja verkkosivujen osoite, itse annetut "
            "luokittelutiedot, asiakaspalaute, hoitosuhteet ammatinharjoittajiin, tietojen lähde",
            "namn, telefonnummer, e-postadress, företagets namn och webbadress, klassificeringsuppgifter som "
            "kunden själv lämnat, kundrespons, vårdrelationer till yrkesutövare, uppgifternas källa",
            "name, phone number, e-mail address, company name and website, classifications given by the "
            "customer, customer feedback, care relationships with practitioners, source of the data",
        ),
    ),
    (
        "billing",
        "legal_obligation",
        ("Laskutus ja kirjanpito", "Fakturering och bokföring", "Billing and accounting"),
        ("kirjanpitolaki (1336/1997)", "bokföringslagen (1336/1997)", "Accounting Act (1336/1997)"),
        ("asiakkaat", "kunder", "customers"),
        (
            "tilaustiedot, laskut ja maksukäyttäytyminen, tilinumero, laskutuksen sähköpostiosoite, "
            "verkkolaskutusosoite",
            "beställningsuppgifter, fakturor och betalningsbeteende, kontonummer, e-postadress för "
            "fakturering, adress för e-fakturering",
            "orders, invoices and payment behaviour, bank account number, billing e-mail address, "
            "e-invoicing address",
        ),
    ),
    (
        "data_subject_rights",
        "legal_obligation",
        (
            "Rekisteröityjen oikeuksien toteuttaminen (tarkastus-, oikaisu-, poisto-, rajoitus- ja "
            "kieltopyynnöt)",
            "Att tillgodose de registrerades rättigheter (begäran om insyn, rättelse, radering, begränsning "
            "och förbud)",
            "Carrying out the rights of data subjects (requests for access, rectification, erasure, "
            "restriction and prohibition)",
        ),
        (
            "EU:n yleisen tietosuoja-asetuksen 12–22 artikla ja tietosuojalaki (1050/2018)",
            "artiklarna 12–22 i EU:s allmänna dataskyddsförordning och dataskyddslagen (1050/2018)",
            "GDPR Articles 12–22 and the Data Protection Act (1050/2018)",
        ),
        (
            "pyynnön tekijät ja heidän edustajansa",
            "de som gör en begäran och deras företrädare",
            "people making a request and their representatives",
        ),
        (
            "pyynnön tiedot, yhteystiedot, henkilöllisyyden todentamisen tapa, kirjeet ja liitteet",
            "uppgifterna i begäran, kontaktuppgifter, hur identiteten styrktes, brev och bilagor",
            "the request, contact details, how identity was verified, letters and attachments",
        ),
    ),
    (
        "online_services",
        "legitimate_interests",
        (
            "Verkkopalvelut: extranet, sivuston toiminta ja tietoturva",
            "Webbtjänster: extranätet, webbplatsens funktion och informationssäkerhet",
            "Online services: the extranet, running the website and keeping it secure",
        ),
        (
            "verkkopalvelujen toiminta ja tietoturva",
            "webbtjänsternas funktion och informationssäkerhet",
            "running the online services and keeping them secure",
        ),
        (
            "asiakkaat ja sivuston kävijät",
            "kunder och besökare på webbplatsen",
            "customers and website visitors",
        ),
        (
            "käyttäjätunnus ja salasanan tiiviste (extranet), IP-osoite ja muut tunnisteet, välttämättömät "
            "evästeet",
            "användarnamn och lösenordets hash (extranätet), IP-adress och andra identifierare, nödvändiga "
            "kakor",
            "username and password hash (extranet), IP address and other identifiers, necessary cookies",
        ),
    ),
    (
        "audit_trail",
        "legal_obligation",
        (
            "Lokitiedot siitä, kuka on katsonut tai muuttanut tietoja",
            "Logg över vem som har sett eller ändrat uppgifterna",
            "Audit trail of who has viewed or changed the data",
        ),
        (
            "EU:n yleisen tietosuoja-asetuksen 5 artiklan 2 kohta ja 32 artikla",
            "artikel 5.2 och artikel 32 i EU:s allmänna dataskyddsförordning",
            "GDPR Article 5(2) and Article 32",
        ),
        ("asiakkaat ja henkilökunta", "kunder och personal", "customers and staff"),
        (
            "katselu- ja muutostapahtumat, käsittelijä, aika ja IP-osoite",
            "visnings- och ändringshändelser, vem, när och IP-adress",
            "views and changes, who made them, when, and the IP address",
        ),
    ),
    (
        "web_analytics",
        "consent",
        (
            "Verkkosivuston analytiikka ja mainonnan mittaaminen (evästeet)",
            "Analys av webbplatsen och mätning av annonsering (kakor)",
            "Website analytics and measuring advertising (cookies)",
        ),
        ("evästevalinta", "valet av kakor", "the cookie choice"),
        ("sivuston kävijät", "besökare på webbplatsen", "website visitors"),
        (
            "evästetunnisteet, selatut sivut, saapumislähde, laite- ja selaintiedot",
            "identifierare i kakor, besökta sidor, varifrån besökaren kom, uppgifter om enhet och webbläsare",
            "cookie identifiers, pages visited, where the visitor came from, device and browser details",
        ),
    ),
    (
        "joint_register",
        "consent",
        (
            "Lääkärikeskuksen ammatinharjoittajien yhteisrekisteri",
            "Läkarcentralens yrkesutövares gemensamma register",
            "Joint register of the clinic's practitioners",
        ),
        ("asiakkaan suostumus", "kundens samtycke", "the customer's consent"),
        ("asiakkaat", "kunder", "customers"),
        (
            "asiakkaan tiedot, jotka näkyvät kaikille lääkärikeskuksen ammatinharjoittajille",
            "kundens uppgifter som alla läkarcentralens yrkesutövare ser",
            "the customer's data, visible to every practitioner at the clinic",
        ),
    ),
    (
        "marketing",
        "consent",
        ("Sähköinen suoramarkkinointi", "Elektronisk direktmarknadsföring", "Electronic direct marketing"),
        ("asiakkaan suostumus", "kundens samtycke", "the customer's consent"),
        ("asiakkaat", "kunder", "customers"),
        (
            "nimi, sähköpostiosoite, puhelinnumero",
            "namn, e-postadress, telefonnummer",
            "name, e-mail address, phone number",
        ),
    ),
    (
        "research",
        "consent",
        ("Tutkimustoiminta", "Forskning", "Research"),
        ("asiakkaan suostumus", "kundens samtycke", "the customer's consent"),
        ("asiakkaat", "kunder", "customers"),
        (
            "tutkimukseen tarvittavat asiakastiedot",
            "de kunduppgifter som forskningen behöver",
            "the customer data the research needs",
        ),
    ),
    (
        "additional_data",
        "consent",
        (
            "Muut asiakkaan suostumuksella kerättävät tiedot",
            "Andra uppgifter som samlas in med kundens samtycke",
            "Other data collected with the customer's consent",
        ),
        ("asiakkaan suostumus", "kundens samtycke", "the customer's consent"),
        ("asiakkaat", "kunder", "customers"),
        (
            "suostumuksessa kerrotut tiedot",
            "de uppgifter som samtycket nämner",
            "the data named in the consent",
        ),
    ),
]

# Sections of version 2 that differ from version 1; the others are copied from it.
SECTIONS = {
    "purposes": (
        "Henkilötietojen käsittelyn tarkoituksena on asiakassuhteen hoitaminen, hallinnointi, kehittäminen ja "
        "analysointi sekä asiakasviestintä, jota voidaan toteuttaa myös sähköisesti. Tämän lisäksi "
        "henkilötietojen käsittelyn tarkoituksena on asiakkaan ja Lääkärikeskus Kanalinhelmen oikeuksien ja "
        "velvollisuuksien toteuttaminen sekä henkilötietojen käsittely verkkopalveluihin liittyviin "
        "tarkoituksiin ja tutkimustoimintaan. Käsittely perustuu EU:n yleiseen tietosuoja-asetukseen "
        "(2016/679) ja tietosuojalakiin (1050/2018).\n\n"
        "Lääkärikeskus vastaa asiakasrekisteriin tallennettavista tiedoista, jotka ovat Lääkäriaseman "
        "asiakkaiden henkilötietoja ja lääkärikeskuksessa työskentelevien itsenäisten ammatinharjoittajien "
        "asiakkaiden henkilötietoja. Yhteisrekisteriin kirjaaminen edellyttää asiakkaalta saatavaa "
        "suostumusta.\n\n"
        "Kunkin käsittelyn tarkoituksen oikeusperuste on alla.",
        "Syftet med behandlingen av personuppgifter är att sköta, administrera, utveckla och analysera "
        "kundrelationen samt kundkommunikation, som även kan ske elektroniskt. Därtill är syftet med "
        "behandlingen att förverkliga kundens och Lääkärikeskus Kanalinhelmis rättigheter och skyldigheter "
        "samt behandling av personuppgifter för ändamål som hänför sig till webbtjänster och för forskning. "
        "Behandlingen grundar sig på EU:s allmänna dataskyddsförordning (2016/679) och dataskyddslagen "
        "(1050/2018).\n\n"
        "Läkarcentralen ansvarar för de uppgifter som sparas i kundregistret, vilka är personuppgifter om "
        "läkarstationens kunder och om kunderna till de självständiga yrkesutövare som arbetar vid "
        "läkarcentralen. Införande i det gemensamma registret förutsätter kundens samtycke.\n\n"
        "Den rättsliga grunden för varje ändamål anges nedan.",
        "The purpose of processing personal data is to manage, administer, develop and analyse the customer "
        "relationship, and customer communication, which may also take place electronically. In addition, "
        "personal data is processed to carry out the rights and obligations of the customer and of "
        "Lääkärikeskus Kanalinhelmi, for purposes related to online services and for research. The "
        "processing is governed by the EU General Data Protection Regulation (2016/679) and the Data "
        "Protection Act (1050/2018).\n\n"
        "The clinic is responsible for the data stored in the customer register, which is personal data of "
        "the clinic's customers and of the customers of the independent practitioners working at the clinic. "
        "Recording in the joint register requires the customer's consent.\n\n"
        "The legal basis of each purpose is below.",
    ),
    "retention": (
        "Säilytämme tietoja vain niin kauan kuin niitä tarvitaan. Säilytysajat ovat alla; ne ovat samat, "
        "joiden mukaan tiedot poistetaan rekisteristä.",
        "Vi sparar uppgifterna bara så länge de behövs. Lagringstiderna anges nedan; det är samma tider "
        "enligt vilka uppgifterna raderas ur registret.",
        "We keep data only as long as it is needed. The periods are below; they are the ones by which data "
        "is removed from the register.",
    ),
    "your_rights": (
        "EU:n yleisen tietosuoja-asetuksen ja tietosuojalain (1050/2018) mukaan sinulla on oikeus:\n\n"
        "- tarkastaa, mitä tietoja sinusta on rekisterissä, ja saada niistä jäljennös (15 artikla)\n"
        "- vaatia virheellisen tiedon oikaisemista (16 artikla)\n"
        "- vaatia tietojesi poistamista (17 artikla)\n"
        "- vaatia käsittelyn rajoittamista (18 artikla)\n"
        "- saada itse antamasi tiedot koneluettavassa muodossa (20 artikla)\n"
        "- vastustaa oikeutettuun etuun perustuvaa käsittelyä ja kieltää suoramarkkinointi (21 artikla)\n"
        "- kieltää tietojesi luovuttaminen ja käsittely\n"
        "- peruuttaa antamasi suostumus milloin tahansa; peruutus ei vaikuta sitä ennen tehtyyn käsittelyyn\n\n"
        "Voit tehdä pyynnön alla olevilla verkkolomakkeilla tai kirjeellä rekisteriasioita hoitavalle "
        "henkilölle. Vastaamme kuukauden kuluessa. Jos pyyntö on erityisen monimutkainen tai pyyntöjä on "
        "paljon, voimme pidentää aikaa enintään kahdella kuukaudella; kerromme silloin syyn ennen kuukauden "
        "päättymistä.",
        "Enligt EU:s allmänna dataskyddsförordning och dataskyddslagen (1050/2018) har du rätt att:\n\n"
        "- kontrollera vilka uppgifter om dig som finns i registret och få en kopia av dem (artikel 15)\n"
        "- kräva att felaktiga uppgifter rättas (artikel 16)\n"
        "- kräva att dina uppgifter raderas (artikel 17)\n"
        "- kräva att behandlingen begränsas (artikel 18)\n"
        "- få de uppgifter du själv lämnat i maskinläsbar form (artikel 20)\n"
        "- invända mot behandling som grundar sig på berättigat intresse och förbjuda direktmarknadsföring "
        "(artikel 21)\n"
        "- förbjuda att dina uppgifter lämnas ut och behandlas\n"
        "- när som helst återkalla ett samtycke du gett; återkallelsen påverkar inte behandling som skett "
        "före den\n\n"
        "Du kan göra din begäran med webbformulären nedan eller med ett brev till den person som sköter "
        "registerärenden. Vi svarar inom en månad. Om begäran är särskilt komplicerad eller om det finns "
        "många begäranden kan vi förlänga tiden med högst två månader; då meddelar vi orsaken innan månaden "
        "har gått.",
        "Under the EU General Data Protection Regulation and the Data Protection Act (1050/2018) you have "
        "the right to:\n\n"
        "- check what data about you is in the register and get a copy of it (Article 15)\n"
        "- have wrong data corrected (Article 16)\n"
        "- have your data erased (Article 17)\n"
        "- have the processing restricted (Article 18)\n"
        "- get the data you gave us in a machine-readable form (Article 20)\n"
        "- object to processing based on legitimate interests, and prohibit direct marketing (Article 21)\n"
        "- prohibit the disclosure and processing of your data\n"
        "- withdraw a consent you gave at any time; withdrawing does not affect processing before it\n\n"
        "You can make a request with the online forms below or by letter to the person responsible for "
        "register matters. We answer within one month. If the request is exceptionally complex or there are "
        "many requests, we may extend this by at most two months; we then tell you why before the month is "
        "over.",
    ),
    "complaints": (
        "Jos katsot, että henkilötietojasi käsitellään lainvastaisesti, sinulla on oikeus tehdä valitus "
        "valvontaviranomaiselle, tietosuojavaltuutetulle: Tietosuojavaltuutetun toimisto, PL 800, "
        "00531 Helsinki, tietosuoja.fi.",
        "Om du anser att dina personuppgifter behandlas i strid med lagen har du rätt att lämna in ett "
        "klagomål till tillsynsmyndigheten, dataombudsmannen: Dataombudsmannens byrå, PB 800, "
        "00531 Helsingfors, tietosuoja.fi/sv.",
        "If you think your personal data is processed unlawfully, you have the right to lodge a complaint "
        "with the supervisory authority, the Data Protection Ombudsman: Office of the Data Protection "
        "Ombudsman, P.O. Box 800, 00531 Helsinki, Finland, tietosuoja.fi/en.",
    ),
}

ORDER = [
    "purposes",
    "contents",
    "sources",
    "disclosures",
    "transfers",
    "deletion",
    "retention",
    "cookies",
    "security",
    "your_rights",
    "complaints",
]


def publish_version_2(apps, schema_editor):
    PrivacyNotice = apps.get_model("consent", "PrivacyNotice")
    PrivacyNoticeSection = apps.get_model("consent", "PrivacyNoticeSection")
    ProcessingPurpose = apps.get_model("consent", "ProcessingPurpose")
    ControllerDetails = apps.get_model("registry", "ControllerDetails")

    for position, (key, basis, name, detail, subjects, data) in enumerate(PURPOSES):
        ProcessingPurpose.objects.get_or_create(
            key=key,
            defaults={
                "position": position,
                "legal_basis": basis,
                **{f"name_{lang}": text for lang, text in zip(("fi", "sv", "en"), name, strict=True)},
                **{
                    f"basis_detail_{lang}": text
                    for lang, text in zip(("fi", "sv", "en"), detail, strict=True)
                },
                **{
                    f"data_subjects_{lang}": text
                    for lang, text in zip(("fi", "sv", "en"), subjects, strict=True)
                },
                **{
                    f"data_categories_{lang}": text
                    for lang, text in zip(("fi", "sv", "en"), data, strict=True)
                },
            },
        )

    controller = ControllerDetails.objects.order_by("pk").first()
    if controller is not None and not controller.email:
        controller.email = CONTACT_EMAIL
        controller.save(update_fields=["email"])

    first = PrivacyNotice.objects.filter(version=1).first()
    if first is None or PrivacyNotice.objects.filter(version__gte=2).exists():
        return
    earlier = {section.key: section for section in first.sections.all()}
    snapshot = {}
    if controller is not None:
        snapshot = {
            "name": controller.name,
            "business_id": controller.business_id,
            "postal_address": f"{controller.street_address}, {controller.postal_code} {controller.city}",
            "phone": str(controller.phone),
            "email": controller.email,
            "register_name": controller.register_name,
            "responsible_person_name": controller.responsible_person_name,
            "responsible_person_title": controller.responsible_person_title,
            **{
                f"{field}_{language}": getattr(controller, f"{field}_{language}", "")
                for field in ("register_name", "responsible_person_title")
                for language in ("sv", "en")
            },
        }
    notice = PrivacyNotice.objects.create(
        version=2, controller_snapshot=snapshot, published_at=timezone.now()
    )
    for key in ORDER:
        if key in SECTIONS:
            body_fi, body_sv, body_en = SECTIONS[key]
        else:
            body_fi, body_sv, body_en = earlier[key].body_fi, earlier[key].body_sv, earlier[key].body_en
        PrivacyNoticeSection.objects.create(
            notice=notice, key=key, body_fi=body_fi, body_sv=body_sv, body_en=body_en
        )


def sync_roles(apps, schema_editor):
    from kanalinhelmi.roles import sync_roles

    sync_roles(apps, ["consent"])


def unpublish_version_2(apps, schema_editor):
    PrivacyNotice = apps.get_model("consent", "PrivacyNotice")
    PrivacyNotice.objects.filter(version=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consent", "0008_processing_purposes"),
        ("registry", "0008_controller_details_in_swedish_and_english"),
        ("kanalinhelmi", "0001_staff_roles"),
    ]

    operations = [
        migrations.RunPython(publish_version_2, unpublish_version_2),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
