"""The first privacy notice (S1–S18): the clinic's statement (shared/seed/000_64aba91343596a88.txt).

Finnish is the original, word for word; Swedish and English are faithful
translations. The controller, contact person and register name (S1–S3) are
not repeated here: the notice reads them from the register's controller
details. Lines starting with "- " are list items.
"""

from django.db import migrations
from django.utils import timezone

SECTIONS = {
    "purposes": (
        "Henkilötietojen käsittelyn tarkoituksena on asiakassuhteen hoitaminen, hallinnointi, kehittäminen ja "
        "analysointi sekä asiakasviestintä, jota voidaan toteuttaa myös sähköisesti. Tämän lisäksi "
        "henkilötietojen käsittelyn tarkoituksena on asiakkaan ja Lääkärikeskus Kanalinhelmen oikeuksien ja "
        "velvollisuuksien toteuttaminen sekä henkilötietolain mukainen henkilötietojen käsittely "
        "verkkopalveluihin liittyviin tarkoituksiin ja tutkimustoimintaan.\n\n"
        "Lääkärikeskus vastaa asiakasrekisteriin tallennettavista tiedoista, jotka ovat Lääkäriaseman "
        "asiakkaiden henkilötietoja ja lääkärikeskuksessa työskentelevien itsenäisten ammatinharjoittajien "
        "asiakkaiden henkilötietoja. Yhteisrekisteriin kirjaaminen edellyttää asiakkaalta saatavaa "
        "suostumusta.",
        "Syftet med behandlingen av personuppgifter är att sköta, administrera, utveckla och analysera "
        "kundrelationen samt kundkommunikation, som även kan ske elektroniskt. Därtill är syftet med "
        "behandlingen att förverkliga kundens och Lääkärikeskus Kanalinhelmis rättigheter och skyldigheter "
        "samt behandling av personuppgifter enligt personuppgiftslagen för ändamål som hänför sig till "
        "webbtjänster och för forskning.\n\n"
        "Läkarcentralen ansvarar för de uppgifter som sparas i kundregistret, vilka är personuppgifter om "
        "läkarstationens kunder och om kunderna till de självständiga yrkesutövare som arbetar vid "
        "läkarcentralen. Införande i det gemensamma registret förutsätter kundens samtycke.",
        "The purpose of processing personal data is to manage, administer, develop and analyse the customer "
        "relationship, and customer communication, which may also take place electronically. In addition, "
        "personal data is processed to carry out the rights and obligations of the customer and of "
        "Lääkärikeskus Kanalinhelmi, and, as provided in the Personal Data Act, for purposes related to online "
        "services and for research.\n\n"
        "The clinic is responsible for the data stored in the customer register, which is personal data of "
        "the clinic's customers and of the customers of the independent practitioners working at the clinic. "
        "Recording in the joint register requires the customer's consent.",
    ),
    "contents": (
        "- Tallennamme rekisteriin tiedot, jotka asiakas on itse toimittanut: etunimi, sukunimi, "
        "puhelinnumero, sähköpostiosoite, yrityksen nimi, yrityksen verkkosivujen osoite.\n"
        "- Asiakkaan lisätiedot: henkilöiden itsensä antamat luokittelutiedot; IP-osoitetieto tai muu "
        "tunniste, asiakaspalautetiedot. Muut asiakkaan suostumuksella kerättävät tiedot.\n"
        "- Laskutukseen liittyvät tiedot, kuten: tilaustiedot, maksukäyttäytymistiedot, tilinumero, "
        "sähköpostiosoite, verkkolaskutusosoite\n"
        "- Mahdollisesti asiakkaaseen liitettävä muu tunnistetieto, käyttäjätunnus (extranet), salasana "
        "(extranet), IP-osoite\n"
        "- Verkkosivuston analytiikan ja muiden evästeiden keräämät tiedot, joiden avulla sivustoa voidaan "
        "kehittää käyttäjäystävällisemmäksi",
        "- Vi sparar i registret de uppgifter som kunden själv har lämnat: förnamn, efternamn, "
        "telefonnummer, e-postadress, företagets namn, adressen till företagets webbplats.\n"
        "- Kundens tilläggsuppgifter: klassificeringsuppgifter som personerna själva lämnat; IP-adress eller "
        "annan identifierare, uppgifter om kundrespons. Andra uppgifter som samlas in med kundens samtycke.\n"
        "- Uppgifter som gäller fakturering, såsom: beställningsuppgifter, uppgifter om betalningsbeteende, "
        "kontonummer, e-postadress, adress för e-fakturering\n"
        "- Annan identifierande uppgift som eventuellt kopplas till kunden, användarnamn (extranät), "
        "lösenord (extranät), IP-adress\n"
        "- Uppgifter som samlas in av webbplatsens analys och andra kakor och med vars hjälp webbplatsen kan "
        "göras mer användarvänlig",
        "- We store in the register the data the customer has given us: first name, last name, phone number, "
        "e-mail address, company name, address of the company's website.\n"
        "- Additional customer data: classifications given by the persons themselves; IP address or another "
        "identifier, customer feedback. Other data collected with the customer's consent.\n"
        "- Billing data, such as: order data, payment behaviour, bank account number, e-mail address, "
        "e-invoicing address\n"
        "- Any other identifier that may be linked to the customer, username (extranet), password "
        "(extranet), IP address\n"
        "- Data collected by the website's analytics and other cookies, which helps us make the site easier "
        "to use",
    ),
    "sources": (
        "Rekisteri koostetaan Lääkärikeskus Kanalinhelmi Oy:n asiakastietojärjestelmästä. Tietolähteenä voi "
        "olla myös asiakkaan oma ilmoitus, alaikäisen huoltaja tai edunvalvoja, asiakkaan ostos- ja "
        "asiointitiedot, henkilötietoja koskevia palveluita tarjoavat yritykset ja viranomaiset, kuten "
        "Väestörekisterikeskuksen päivityspalvelu, Suomen Asiakastieto Oy:n luottotietorekisteri, muut "
        "terveydenhuollon palveluita tarjoavat organisaatiot (Kanta).",
        "Registret sammanställs ur Lääkärikeskus Kanalinhelmi Oy:s kunddatasystem. Uppgifterna kan också "
        "komma från kunden själv, en minderårigs vårdnadshavare eller intressebevakare, kundens köp- och "
        "ärendeuppgifter, företag och myndigheter som tillhandahåller tjänster som gäller personuppgifter, "
        "såsom Befolkningsregistercentralens uppdateringstjänst, Suomen Asiakastieto Oy:s kreditupplysnings"
        "register och andra organisationer som tillhandahåller hälso- och sjukvårdstjänster (Kanta).",
        "The register is compiled from the customer data system of Lääkärikeskus Kanalinhelmi Oy. Data may "
        "also come from the customer's own notice, a minor's guardian or a legal representative, the "
        "customer's purchases and transactions, and companies and authorities that provide services "
        "concerning personal data, such as the update service of the Population Register Centre, the credit "
        "register of Suomen Asiakastieto Oy, and other organisations providing healthcare services (Kanta).",
    ),
    "disclosures": (
        "Emme luovuta, myy tai vuokraa tietojasi kolmansille osapuolille. Tietoja voidaan luovuttaa voimassa "
        "olevan lainsäädännön sallimissa ja velvoittamissa rajoissa. Rekisterinpitäjä ei luovuta asiakkaiden "
        "henkilötietoja ulkopuolisille, paitsi lainsäädännön niin velvoittaessa.",
        "Vi lämnar inte ut, säljer eller hyr ut dina uppgifter till tredje parter. Uppgifter kan lämnas ut "
        "inom de gränser som gällande lagstiftning tillåter och förpliktar. Den personuppgiftsansvarige lämnar "
        "inte ut kundernas personuppgifter till utomstående, utom när lagstiftningen så förpliktar.",
        "We do not disclose, sell or rent your data to third parties. Data may be disclosed within the limits "
        "that the law in force allows and requires. The controller does not disclose customers' personal data "
        "to outsiders, except where the law so requires.",
    ),
    "transfers": (
        "Tietoja ei luovuteta EU:n tai ETA:n ulkopuolelle.",
        "Uppgifter lämnas inte ut utanför EU eller EES.",
        "Data is not disclosed outside the EU or the EEA.",
    ),
    "deletion": (
        "Tietoja voidaan poistaa asiakkaan vaatimuksesta tai asiakassuhteen loppumisen vuoksi. Lisäksi tietoja "
        "voidaan joutua poistamaan valvonnan seurauksena, mikäli asiakas väärinkäyttää palvelua tai harjoittaa "
        "palvelun avulla rikollista toimintaa tms.",
        "Uppgifter kan raderas på kundens begäran eller för att kundrelationen upphör. Dessutom kan uppgifter "
        "behöva raderas till följd av övervakning, om kunden missbrukar tjänsten eller bedriver brottslig "
        "verksamhet eller liknande med hjälp av tjänsten.",
        "Data may be deleted at the customer's request or because the customer relationship ends. Data may "
        "also have to be deleted as a result of supervision, if the customer misuses the service or uses it "
        "for criminal activity or the like.",
    ),
    "cookies": (
        "Evästeet ovat pieniä tekstitiedostoja, jotka tallentuvat automaattisesti päätelaitteille kävijän "
        "vieraillessa verkkosivustoilla. Keräämme kolmannen osapuolen palveluntarjoajien kuten Googlen ja "
        "Facebookin kanssa tietoa verkkosivustomme käytöstä. Sivustomme käyttää Facebook-pikseli-, Google "
        "Analytics, Google Ads ja Google Search Console -ohjelmistoja. Ohjelmistojen avulla kerätään "
        "anonyymejä tilastoja sivuston käyttäjistä tarkoituksenaan parantaa palvelun laatua. Ohjelmistot "
        "tallentavat tietoja, kuten millä sivulla käyt, kuinka kauan viivyt sivustolla, minkä verkkopalvelun "
        "kautta saavuit sivustolle ja mitä linkkejä klikkasit. Hyödynnämme anonymisoitua tietoa analytiikkaan. "
        "Voit kytkeä evästetoiminnon pois päältä vieraillessasi sivustolla selaimesi asetuksista, tai hyväksyä "
        "evästeet sivun alareunan ilmoituksen kautta ensimmäisellä käynnilläsi. Ilman välttämättömiä "
        "evästeitä sivusto ei toimi häiriöittä.",
        "Kakor är små textfiler som sparas automatiskt på besökarens enhet när hen besöker webbplatser. "
        "Tillsammans med tredjepartsleverantörer som Google och Facebook samlar vi in uppgifter om hur vår "
        "webbplats används. Vår webbplats använder programmen Facebook-pixeln, Google Analytics, Google Ads "
        "och Google Search Console. Med programmen samlas anonym statistik om webbplatsens användare in i "
        "syfte att förbättra tjänstens kvalitet. Programmen sparar uppgifter som vilken sida du besöker, hur "
        "länge du stannar på webbplatsen, via vilken webbtjänst du kom till webbplatsen och vilka länkar du "
        "klickade på. Vi använder anonymiserade uppgifter för analys. Du kan stänga av kakor i din webbläsares "
        "inställningar när du besöker webbplatsen, eller godkänna kakor via meddelandet längst ned på sidan "
        "vid ditt första besök. Utan de nödvändiga kakorna fungerar webbplatsen inte störningsfritt.",
        "Cookies are small text files that are stored automatically on the visitor's device when they visit "
        "websites. Together with third-party providers such as Google and Facebook we collect data on how our "
        "website is used. Our site uses the Facebook pixel, Google Analytics, Google Ads and Google Search "
        "Console. With them, anonymous statistics on the site's users are collected in order to improve the "
        "quality of the service. They store data such as which page you visit, how long you stay on the site, "
        "through which online service you came to the site and which links you clicked. We use anonymised "
        "data for analytics. You can switch cookies off in your browser's settings when you visit the site, "
        "or accept cookies through the notice at the bottom of the page on your first visit. Without the "
        "necessary cookies the site does not work properly.",
    ),
    "security": (
        "Henkilötiedot säilytetään luottamuksellisina. Rekisterinpitäjän verkkopalvelun ylläpitäjän tietoverkko "
        "ja laitteisto, jolla rekisteri sijaitsee, on suojattu palomuurilla ja muin teknisin toimenpitein. "
        "Asiakastietoja sisältävän järjestelmän käyttöön ja asiakastietojen muuttamiseen ovat oikeutettuja "
        "vain ne työntekijät, joilla työnsä puolesta on oikeus käsitellä asiakastietoja. Heitä sitoo "
        "vaitiolovelvollisuus. Kullakin käyttäjällä on oma käyttäjätunnus ja salasana järjestelmään. Tiedot "
        "kerätään tietokantoihin, jotka ovat palomuurein, salasanoin ja muin teknisin keinoin suojattuja.",
        "Personuppgifterna förvaras konfidentiellt. Datanätet och utrustningen hos den som driver den "
        "personuppgiftsansvariges webbtjänst, där registret finns, är skyddade med brandvägg och andra tekniska "
        "åtgärder. Endast de anställda som i sitt arbete har rätt att behandla kunduppgifter har rätt att "
        "använda systemet som innehåller kunduppgifter och att ändra kunduppgifter. De har tystnadsplikt. "
        "Varje användare har ett eget användarnamn och lösenord till systemet. Uppgifterna samlas i databaser "
        "som är skyddade med brandväggar, lösenord och andra tekniska medel.",
        "Personal data is kept confidential. The network and hardware of the controller's web service "
        "provider on which the register resides are protected by a firewall and other technical measures. "
        "Only the employees whose work entitles them to process customer data may use the system containing "
        "customer data and change customer data. They are bound by confidentiality. Each user has their own "
        "username and password to the system. The data is collected in databases protected by firewalls, "
        "passwords and other technical means.",
    ),
    "rights": (
        "Asiakkaalla on oikeus tarkastaa, mitä häntä koskevia tietoja rekisteriin on tallennettu. "
        "Tarkastuspyyntö tulee lähettää kirjallisesti ja allekirjoitettuna rekisterinpitäjän rekisteriasioita "
        "hoitavalle henkilölle. Rekisterinpitäjä vastaa tietojen tarkastuspyyntöihin kirjallisesti. Jos "
        "asiakkaan tiedoissa on virheitä, asiakas voi esittää rekisterinpitäjälle pyynnön virheen "
        "korjaamiseksi. Asiakkaalla on oikeus kieltää tietojensa luovuttaminen ja käsittely.",
        "Kunden har rätt att kontrollera vilka uppgifter om hen som har sparats i registret. Begäran om "
        "kontroll ska skickas skriftligen och undertecknad till den person som sköter den "
        "personuppgiftsansvariges registerärenden. Den personuppgiftsansvarige besvarar begäranden om "
        "kontroll skriftligen. Om det finns fel i kundens uppgifter kan kunden begära att den "
        "personuppgiftsansvarige rättar felet. Kunden har rätt att förbjuda att hens uppgifter lämnas ut och "
        "behandlas.",
        "The customer has the right to check what data about them has been stored in the register. The "
        "request to check must be sent in writing and signed to the person handling the controller's register "
        "matters. The controller answers requests to check data in writing. If the customer's data contains "
        "errors, the customer may ask the controller to correct them. The customer has the right to prohibit "
        "the disclosure and processing of their data.",
    ),
}


def create_first_notice(apps, schema_editor):
    PrivacyNotice = apps.get_model("consent", "PrivacyNotice")
    PrivacyNoticeSection = apps.get_model("consent", "PrivacyNoticeSection")
    ControllerDetails = apps.get_model("registry", "ControllerDetails")
    if PrivacyNotice.objects.exists():
        return
    controller = ControllerDetails.objects.order_by("pk").first()
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
        }
    notice = PrivacyNotice.objects.create(version=1, controller_snapshot=snapshot, published_at=timezone.now())
    for key, (body_fi, body_sv, body_en) in SECTIONS.items():
        PrivacyNoticeSection.objects.create(
            notice=notice, key=key, body_fi=body_fi, body_sv=body_sv, body_en=body_en
        )


class Migration(migrations.Migration):
    dependencies = [("consent", "0003_cookies"), ("registry", "0002_controller_details")]

    operations = [migrations.RunPython(create_first_notice, migrations.RunPython.noop)]
