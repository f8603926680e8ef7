"""A trigram index for the text search on PostgreSQL.

``search()`` matches each word with ``LIKE '%word%'`` on the folded ``search_text``;
pg_trgm's GIN index answers that without reading every body. pg_trgm is a trusted
extension (PostgreSQL 13+), so the database owner may create it. SQLite scans, which
is fine at the sizes it is meant for.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS body_search_text_trgm ON bodies_certificationbody "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS body_search_text_trgm")


class Migration(migrations.Migration):
    dependencies = [("bodies", "0003_history")]

    operations = [migrations.RunPython(create, drop)]
