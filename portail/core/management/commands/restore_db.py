"""Restore a backup made by `backup_db` into the configured database (or, on PostgreSQL, into
another database of the same server with --target-db, for restore drills).

Destructive: the current content is replaced. Stop the app servers and workers first.
"""

import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from portail.core.management.commands.backup_db import pg_connection_args, pg_env


class Command(BaseCommand):
    help = "Restaure une sauvegarde (pg_restore --clean --if-exists, ou API de sauvegarde SQLite)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--target-db", default=None,
            help="PostgreSQL : restaurer dans cette base (existante) du même serveur au lieu de la base configurée.",
        )
        parser.add_argument("--jobs", type=int, default=2, help="PostgreSQL : restauration parallèle (pg_restore -j).")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, file, database=DEFAULT_DB_ALIAS, target_db=None, jobs=2, interactive=True, **options):
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        connection = connections[database]
        settings_dict = connection.settings_dict
        target_name = target_db or str(settings_dict["NAME"])
        if interactive:
            answer = input(f"Le contenu actuel de « {target_name} » sera remplacé par {file}. Taper « oui » pour continuer : ")
            if answer.strip().lower() != "oui":
                raise CommandError("Restauration annulée.")
        if connection.vendor == "postgresql":
            self._restore_postgresql(file, settings_dict, target_name, jobs)
        elif connection.vendor == "sqlite":
            if target_db:
                raise CommandError("--target-db ne concerne que PostgreSQL.")
            self._restore_sqlite(file, connection)
        else:
            raise CommandError(f"Moteur non pris en charge : {connection.vendor}")
        self.stdout.write(self.style.SUCCESS(f"Base « {target_name} » restaurée depuis {file}."))

    def _restore_postgresql(self, file, settings_dict, target_name, jobs):
        if target_name == settings_dict["NAME"]:
            # Our own idle connection would only hold pg_restore back; Django reconnects on demand.
            connections.close_all()
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--exit-on-error", "-j", str(jobs),
                   *pg_connection_args(settings_dict), f"--dbname={target_name}", str(file)]
        # An argument list, no shell; every value comes from the settings or the operator.
        result = subprocess.run(command, env=pg_env(settings_dict), capture_output=True, text=True)  # noqa: S603
        if result.returncode != 0:
            raise CommandError(f"pg_restore a échoué : {result.stderr.strip()}")

    def _restore_sqlite(self, file, connection):
        source = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
        try:
            source.execute("PRAGMA schema_version").fetchone()  # fails early on a file that is not SQLite
        except sqlite3.DatabaseError as exc:
            source.close()
            raise CommandError(f"Ce fichier n'est pas une sauvegarde SQLite : {file}") from exc
        connection.ensure_connection()
        try:
            # The backup API replaces every page of the live database in one go (same as the copy
            # back of a file, but safe with WAL and with other open connections).
            source.backup(connection.connection)
        finally:
            source.close()
