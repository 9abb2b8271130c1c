from django.db import migrations


def chain_existing(apps, schema_editor):
    # The chain code works on the tables by SQL (privacy/audit/chain.py), so
    # it runs the same here as when entries are written.
    from privacy.audit.chain import chain_existing_entries

    chain_existing_entries()


class Migration(migrations.Migration):
    dependencies = [("audit_review", "0004_audit_chain")]

    operations = [migrations.RunPython(chain_existing, migrations.RunPython.noop)]
