"""The cookie categories, the services behind them and their cookies (S22–S26), and policy version 1."""

from django.db import migrations
from django.utils import timezone

CATEGORIES = [
    (
        "necessary",
        "Välttämättömät evästeet mahdollistavat sivuston perustoiminnot, kuten kielivalinnan, lomakkeiden "
        "turvallisen lähettämisen ja evästevalintasi muistamisen. Sivusto ei toimi häiriöittä ilman niitä, "
        "joten ne ovat aina käytössä.",
        "Nödvändiga kakor gör webbplatsens grundläggande funktioner möjliga, såsom språkval, säker sändning av "
        "formulär och att ditt val av kakor kommer ihåg. Webbplatsen fungerar inte störningsfritt utan dem, "
        "och därför används de alltid.",
        "Necessary cookies make the site's basic functions possible, such as the choice of language, sending "
        "forms securely and remembering your cookie choice. The site does not work properly without them, so "
        "they are always on.",
    ),
    (
        "analytics",
        "Analytiikkaevästeillä keräämme tilastoja sivuston käytöstä: millä sivuilla käydään, kuinka kauan "
        "sivustolla viivytään, minkä verkkopalvelun kautta sivustolle tullaan ja mitä linkkejä klikataan. "
        "Hyödynnämme anonymisoitua tietoa sivuston kehittämiseen.",
        "Med analyskakor samlar vi statistik om hur webbplatsen används: vilka sidor som besöks, hur länge "
        "besökarna stannar, via vilken webbtjänst de kommer till webbplatsen och vilka länkar de klickar på. "
        "Vi använder anonymiserade uppgifter för att utveckla webbplatsen.",
        "With analytics cookies we collect statistics on how the site is used: which pages are visited, how "
        "long visitors stay, through which online service they arrive and which links they click. We use "
        "anonymised data to develop the site.",
    ),
    (
        "marketing",
        "Markkinointievästeillä mitataan mainontamme tuloksia ja kohdennetaan mainontaa. Evästeiden tietoja "
        "käsittelevät myös mainospalvelujen tarjoajat Google ja Meta (Facebook).",
        "Med marknadsföringskakor mäter vi resultaten av vår annonsering och riktar annonser. Uppgifterna i "
        "kakorna behandlas även av annonstjänsternas leverantörer Google och Meta (Facebook).",
        "Marketing cookies measure the results of our advertising and target it. The data in these cookies is "
        "also processed by the advertising services' providers, Google and Meta (Facebook).",
    ),
]

GOOGLE = "Google Ireland Limited"
META = "Meta Platforms Ireland Limited"
CLINIC = "Lääkärikeskus Kanalinhelmi Oy"

# (category, name, provider, privacy policy, purpose fi/sv/en, [cookies])
# cookie: (name, purpose fi/sv/en, duration fi/sv/en)
SERVICES = [
    (
        "necessary",
        "Kanalinhelmi",
        CLINIC,
        "",
        ("Sivuston omat evästeet.", "Webbplatsens egna kakor.", "The site's own cookies."),
        [
            (
                "kh_cookies",
                (
                    "Muistaa evästevalintasi ja sen tunnisteen.",
                    "Kommer ihåg ditt val av kakor och dess id.",
                    "Remembers your cookie choice and its id.",
                ),
                ("12 kuukautta", "12 månader", "12 months"),
            ),
            (
                "csrftoken",
                (
                    "Suojaa lomakkeita väärennetyiltä pyynnöiltä.",
                    "Skyddar formulär mot förfalskade förfrågningar.",
                    "Protects forms against forged requests.",
                ),
                ("1 vuosi", "1 år", "1 year"),
            ),
            (
                "django_language",
                (
                    "Muistaa valitsemasi kielen.",
                    "Kommer ihåg det språk du valt.",
                    "Remembers the language you chose.",
                ),
                ("istunnon ajan", "under sessionen", "for the session"),
            ),
            (
                "sessionid",
                (
                    "Henkilökunnan kirjautuminen ylläpitoon.",
                    "Personalens inloggning i administrationen.",
                    "Staff login to the back-office.",
                ),
                ("istunnon ajan", "under sessionen", "for the session"),
            ),
        ],
    ),
    (
        "necessary",
        "Google Search Console",
        GOOGLE,
        "https://policies.google.com/privacy",
        (
            "Hakukonenäkyvyyden seuranta. Ei tallenna evästeitä kävijän laitteelle.",
            "Uppföljning av synligheten i sökmotorer. Sparar inga kakor på besökarens enhet.",
            "Follows how the site shows in search results. Stores no cookies on the visitor's device.",
        ),
        [],
    ),
    (
        "analytics",
        "Google Analytics",
        GOOGLE,
        "https://policies.google.com/privacy",
        (
            "Sivuston kävijätilastot.",
            "Besöksstatistik för webbplatsen.",
            "Visitor statistics of the site.",
        ),
        [
            (
                "_ga",
                ("Erottaa kävijät toisistaan.", "Skiljer besökare åt.", "Tells visitors apart."),
                ("2 vuotta", "2 år", "2 years"),
            ),
            (
                "_ga_*",
                (
                    "Säilyttää käyntikerran tilan.",
                    "Sparar besökets tillstånd.",
                    "Keeps the state of the visit.",
                ),
                ("2 vuotta", "2 år", "2 years"),
            ),
        ],
    ),
    (
        "marketing",
        "Google Ads",
        GOOGLE,
        "https://policies.google.com/privacy",
        (
            "Mainonnan tulosten mittaus ja kohdentaminen.",
            "Mätning av annonsernas resultat och riktad annonsering.",
            "Measuring and targeting advertising.",
        ),
        [
            (
                "_gcl_au",
                (
                    "Yhdistää mainoksen klikkauksen käyntiin sivustolla.",
                    "Kopplar ett klick på en annons till besöket på webbplatsen.",
                    "Links an ad click to the visit to the site.",
                ),
                ("3 kuukautta", "3 månader", "3 months"),
            ),
        ],
    ),
    (
        "marketing",
        "Facebook-pikseli",
        META,
        "https://www.facebook.com/privacy/policy/",
        (
            "Facebook-mainonnan tulosten mittaus ja kohdentaminen.",
            "Mätning av resultaten av annonser på Facebook och riktad annonsering.",
            "Measuring and targeting advertising on Facebook.",
        ),
        [
            (
                "_fbp",
                (
                    "Erottaa selaimen Facebook-mainontaa varten.",
                    "Skiljer webbläsaren åt för annonsering på Facebook.",
                    "Tells the browser apart for advertising on Facebook.",
                ),
                ("3 kuukautta", "3 månader", "3 months"),
            ),
            (
                "fr",
                (
                    "Facebookin mainosten kohdentaminen.",
                    "Riktning av annonser på Facebook.",
                    "Targeting advertising on Facebook.",
                ),
                ("3 kuukautta", "3 månader", "3 months"),
            ),
        ],
    ),
]


def create_cookie_data(apps, schema_editor):
    CookieCategory = apps.get_model("consent", "CookieCategory")
    CookieService = apps.get_model("consent", "CookieService")
    Cookie = apps.get_model("consent", "Cookie")
    CookiePolicy = apps.get_model("consent", "CookiePolicy")
    categories = {}
    for position, (key, fi, sv, en) in enumerate(CATEGORIES):
        categories[key], _created = CookieCategory.objects.get_or_create(
            key=key,
            defaults={"position": position, "description_fi": fi, "description_sv": sv, "description_en": en},
        )
    for position, (category, name, provider, policy_url, purpose, cookies) in enumerate(SERVICES):
        service, created = CookieService.objects.get_or_create(
            name=name,
            defaults={
                "category": categories[category],
                "provider": provider,
                "privacy_policy_url": policy_url,
                "purpose_fi": purpose[0],
                "purpose_sv": purpose[1],
                "purpose_en": purpose[2],
                "position": position,
            },
        )
        if not created:
            continue
        for cookie_name, cookie_purpose, duration in cookies:
            Cookie.objects.create(
                service=service,
                name=cookie_name,
                purpose_fi=cookie_purpose[0],
                purpose_sv=cookie_purpose[1],
                purpose_en=cookie_purpose[2],
                duration_fi=duration[0],
                duration_sv=duration[1],
                duration_en=duration[2],
            )
    if not CookiePolicy.objects.exists():
        CookiePolicy.objects.create(version=1, published_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("consent", "0002_consent_purposes")]

    operations = [migrations.RunPython(create_cookie_data, migrations.RunPython.noop)]
