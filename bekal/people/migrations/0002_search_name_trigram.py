from django.db import migrations

# Person search matches any part of a name (LIKE '%budi%'), which a b-tree cannot serve. On PostgreSQL a trigram
# GIN index answers it without scanning every person; SQLite (the embedded default) scans, which is fine at its size.
CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS person_search_name_trgm ON people_person USING gin (search_name gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS person_search_name_trgm"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
