"""Restore drills: a backup is only worth the restore that was tested."""

import io
import os
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django_scopes import scopes_disabled

from portail.accounts.models import User
from portail.accounts.tests.factories import MemberUserFactory
from portail.audit.models import Event
from portail.members.models import Member, MemberContact
from portail.members.tests.factories import MemberFactory

TABLES = [Member, MemberContact, User, Event]


def _seed():
    with scopes_disabled():
        for i in range(3):
            member = MemberFactory(name=f"ENTREPRISE DRILL {i}", number=f"95000{i}")
            MemberUserFactory(member=member)
        Event.objects.create(action="drill.test", summary="Exercice de restauration")


def _snapshot():
    with scopes_disabled():
        counts = {model._meta.db_table: model.objects.count() for model in TABLES}
        members = list(Member.objects.order_by("number").values_list("number", "name", "siret"))
    return counts, members


def _backup(tmp_path) -> str:
    call_command("backup_db", output_dir=tmp_path, stdout=io.StringIO())
    (path,) = tmp_path.iterdir()
    return str(path)


@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_delete_restore_drill(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("exercice SQLite")
    _seed()
    before = _snapshot()
    assert before[0]["members_member"] == 3

    path = _backup(tmp_path)
    assert path.endswith(".sqlite3")
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"

    with scopes_disabled():
        User.objects.all().delete()
        Member.objects.filter(number="950001").delete()
        Event.objects.all().delete()
        MemberFactory(name="CRÉÉE APRÈS LA SAUVEGARDE", number="959999")
    assert _snapshot() != before

    call_command("restore_db", path, interactive=False)
    assert _snapshot() == before


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("contrôle SQLite")
    junk = tmp_path / "pas-une-sauvegarde.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    _seed()
    with pytest.raises(CommandError):
        call_command("restore_db", str(junk), interactive=False)
    assert _snapshot()[0]["members_member"] == 3


def test_restore_of_a_missing_file_fails_cleanly(tmp_path):
    with pytest.raises(CommandError, match="introuvable"):
        call_command("restore_db", str(tmp_path / "absent.dump"), interactive=False)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgresql_backup_restores_into_a_scratch_database(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL requis")
    import psycopg

    _seed()
    counts, members = _snapshot()
    path = _backup(tmp_path)
    assert path.endswith(".dump")

    params = connection.settings_dict
    admin = {"host": params.get("HOST") or "127.0.0.1", "port": params.get("PORT") or 5432,
             "user": params.get("USER") or "postgres", "password": params.get("PASSWORD") or None}
    scratch = f"portail_restore_drill_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'CREATE DATABASE "{scratch}"')
    try:
        call_command("restore_db", path, target_db=scratch, interactive=False)
        with psycopg.connect(dbname=scratch, **admin) as conn:
            restored = {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in counts}
            restored_members = [
                tuple(row) for row in conn.execute("SELECT number, name, siret FROM members_member ORDER BY number")
            ]
            migrations = conn.execute("SELECT count(*) FROM django_migrations").fetchone()[0]
        assert restored == counts
        assert restored_members == members
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM django_migrations")
            assert migrations == cursor.fetchone()[0]
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
