"""Cookie policy version 2: the session cookie is not only for staff (S22, S26).

Version 1 described ``sessionid`` as the staff's back-office login, but a
public visitor gets it too: after sending a form the site keeps the notice it
shows next ("your cookie choice has been saved") and the link to a request's
letter in the session. The notice used to be kept in a ``messages`` cookie of
its own that the table did not list; it is now kept in the session
(``MESSAGE_STORAGE``). The corrected description is published as a new
policy version, so every visitor is told and asked again.

The row is corrected only while it still says what version 1 said; if the
responsible person has already changed it, nothing is done.
"""

from django.core.cache import cache
from django.db import migrations
from django.db.models import Max
from django.utils import timezone

OLD_PURPOSE_FI = "Henkilökunnan kirjautuminen ylläpitoon."

PURPOSE = {
    "purpose_fi": "Istunnon tunniste. Henkilökunnalle kirjautuminen ylläpitoon; sivuston kävijälle lomakkeen "
    "lähettämisen jälkeen näytettävä ilmoitus ja tietosuojapyynnön lähetekirjeen linkki.",
    "purpose_sv": "Sessionens id. För personalen inloggningen i administrationen; för besökare meddelandet som "
    "visas efter att ett formulär har skickats och länken till följebrevet för en begäran om dataskydd.",
    "purpose_en": "Session id. For staff, the login to the back-office; for visitors, the notice shown after "
    "sending a form and the link to the letter of a data protection request.",
}

CHANGES = {
    "changes_fi": "Istuntoevästeen (sessionid) kuvaus on korjattu: sitä käytetään myös sivuston kävijöille "
    "lomakkeen lähettämisen jälkeen, ei vain henkilökunnan kirjautumiseen. Sivusto ei enää tallenna "
    "lomakkeen jälkeen näytettävää ilmoitusta erilliseen messages-evästeeseen.",
    "changes_sv": "Beskrivningen av sessionskakan (sessionid) har rättats: den används också för besökare "
    "efter att de har skickat ett formulär, inte bara för personalens inloggning. Webbplatsen sparar inte "
    "längre meddelandet som visas efter ett formulär i en separat messages-kaka.",
    "changes_en": "The description of the session cookie (sessionid) is corrected: it is also used for "
    "visitors after they send a form, not only for staff login. The site no longer keeps the notice shown "
    "after a form in a separate messages cookie.",
}


def publish_corrected_policy(apps, schema_editor):
    Cookie = apps.get_model("consent", "Cookie")
    CookiePolicy = apps.get_model("consent", "CookiePolicy")
    updated = Cookie.objects.filter(
        service__name="Kanalinhelmi", name="sessionid", purpose_fi=OLD_PURPOSE_FI
    ).update(**PURPOSE)
    if not updated:
        return
    latest = CookiePolicy.objects.aggregate(latest=Max("version"))["latest"] or 0
    CookiePolicy.objects.create(version=latest + 1, published_at=timezone.now(), **CHANGES)
    # The version in force is cached (CookiePolicy.current); historical models do not clear it.
    cache.delete("consent:current-cookie-policy")


class Migration(migrations.Migration):
    dependencies = [("consent", "0005_staff_roles")]

    operations = [migrations.RunPython(publish_corrected_policy, migrations.RunPython.noop)]
