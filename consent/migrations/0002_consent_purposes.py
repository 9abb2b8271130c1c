"""The consent purposes (S4, S6, S8, S10) and the first published text of each."""

from django.db import migrations
from django.utils import timezone

PURPOSES = [
    (
        "joint_register",
        "Suostun siihen, että tietoni kirjataan Lääkärikeskus Kanalinhelmen yhteisrekisteriin, jolloin myös "
        "lääkärikeskuksessa työskentelevät itsenäiset ammatinharjoittajat voivat nähdä tietoni hoitoni "
        "järjestämiseksi. Voin peruuttaa suostumukseni milloin tahansa; sen jälkeen tietoni näkyvät vain "
        "niille ammatinharjoittajille, joiden asiakas olen.",
        "Jag samtycker till att mina uppgifter förs in i Lääkärikeskus Kanalinhelmis gemensamma register, så "
        "att även de självständiga yrkesutövare som arbetar vid läkarcentralen kan se mina uppgifter för att "
        "ordna min vård. Jag kan när som helst återkalla mitt samtycke; därefter syns mina uppgifter endast för "
        "de yrkesutövare vars kund jag är.",
        "I consent to my data being recorded in the joint register of Lääkärikeskus Kanalinhelmi, so that the "
        "independent practitioners working at the clinic can also see my data in order to arrange my care. I "
        "may withdraw my consent at any time; after that my data is visible only to the practitioners whose "
        "customer I am.",
    ),
    (
        "marketing",
        "Suostun siihen, että Lääkärikeskus Kanalinhelmi lähettää minulle sähköpostitse ja tekstiviestillä "
        "tietoa palveluistaan, ajankohtaisista asioista ja tarjouksista. Voin peruuttaa suostumukseni milloin "
        "tahansa.",
        "Jag samtycker till att Lääkärikeskus Kanalinhelmi skickar mig information om sina tjänster, aktuella "
        "frågor och erbjudanden per e-post och textmeddelande. Jag kan när som helst återkalla mitt samtycke.",
        "I consent to Lääkärikeskus Kanalinhelmi sending me information about its services, current matters "
        "and offers by e-mail and text message. I may withdraw my consent at any time.",
    ),
    (
        "research",
        "Suostun siihen, että asiakastietojani käytetään Lääkärikeskus Kanalinhelmen tutkimustoimintaan. "
        "Tutkimukseen käytetään vain sen kannalta tarpeelliset tiedot, ja tulokset julkaistaan niin, ettei "
        "minua voi tunnistaa. Voin peruuttaa suostumukseni milloin tahansa; peruutus ei vaikuta ennen sitä "
        "tehdyn käsittelyn lainmukaisuuteen.",
        "Jag samtycker till att mina kunduppgifter används i Lääkärikeskus Kanalinhelmis forskning. Endast de "
        "uppgifter som forskningen behöver används, och resultaten publiceras så att jag inte kan identifieras. "
        "Jag kan när som helst återkalla mitt samtycke; återkallelsen påverkar inte lagligheten av behandling "
        "som skett före den.",
        "I consent to my customer data being used in the research of Lääkärikeskus Kanalinhelmi. Only the data "
        "the research needs is used, and the results are published so that I cannot be identified. I may "
        "withdraw my consent at any time; withdrawal does not affect the lawfulness of processing before it.",
    ),
    (
        "additional_data",
        "Suostun siihen, että Lääkärikeskus Kanalinhelmi tallentaa asiakasrekisteriin myös muita itse "
        "antamiani lisätietoja, kuten itseäni koskevia luokittelutietoja ja palvelutoiveita, asiakassuhteen "
        "hoitamiseksi. Voin peruuttaa suostumukseni milloin tahansa.",
        "Jag samtycker till att Lääkärikeskus Kanalinhelmi i kundregistret även sparar andra tilläggsuppgifter "
        "som jag själv lämnar, såsom klassificeringsuppgifter om mig och önskemål om tjänster, för att sköta "
        "kundrelationen. Jag kan när som helst återkalla mitt samtycke.",
        "I consent to Lääkärikeskus Kanalinhelmi also storing in the customer register other additional "
        "information I give myself, such as classifications about me and wishes about services, in order to "
        "manage the customer relationship. I may withdraw my consent at any time.",
    ),
]


def create_purposes(apps, schema_editor):
    ConsentPurpose = apps.get_model("consent", "ConsentPurpose")
    ConsentText = apps.get_model("consent", "ConsentText")
    for position, (key, text_fi, text_sv, text_en) in enumerate(PURPOSES):
        purpose, _created = ConsentPurpose.objects.get_or_create(key=key, defaults={"position": position})
        if not ConsentText.objects.filter(purpose=purpose).exists():
            ConsentText.objects.create(
                purpose=purpose,
                version=1,
                text_fi=text_fi,
                text_sv=text_sv,
                text_en=text_en,
                published_at=timezone.now(),
            )


class Migration(migrations.Migration):
    dependencies = [("consent", "0001_initial")]

    operations = [migrations.RunPython(create_purposes, migrations.RunPython.noop)]
