"""Back up the configured database to a timestamped file under var/backups/.

PostgreSQL: `pg_dump -Fc` (custom format: compressed, restorable table by table, parallel
`pg_restore -j`). SQLite: the sqlite3 online backup API, which gives a consistent copy even while
the portal is writing (a plain file copy can catch a half-written page or miss the WAL).
"""

import os
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections


def default_backup_dir() -> Path:
    return Path(os.environ.get("BACKUP_DIR") or settings.BASE_DIR / "var" / "backups")


def pg_env(settings_dict: dict) -> dict:
    """libpq reads the password from the environment, never from the command line (`ps` shows it)."""
    env = os.environ.copy()
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return env


def pg_connection_args(settings_dict: dict) -> list[str]:
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    return args


class Command(BaseCommand):
    help = "Sauvegarde la base de données (pg_dump -Fc, ou API de sauvegarde SQLite) dans var/backups/."

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", type=Path, default=None, help="Dossier des sauvegardes (défaut : var/backups/).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, output_dir=None, database=DEFAULT_DB_ALIAS, **options):
        connection = connections[database]
        settings_dict = connection.settings_dict
        output_dir = output_dir or default_backup_dir()
        output_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        if connection.vendor == "postgresql":
            target = output_dir / f"{settings_dict['NAME']}-{stamp}.dump"
            command = ["pg_dump", "-Fc", "--no-owner", "-f", str(target), *pg_connection_args(settings_dict),
                       f"--dbname={settings_dict['NAME']}"]
            # An argument list, no shell; every value comes from the settings or the operator.
            result = subprocess.run(command, env=pg_env(settings_dict), capture_output=True, text=True)  # noqa: S603
            if result.returncode != 0:
                target.unlink(missing_ok=True)
                raise CommandError(f"pg_dump a échoué : {result.stderr.strip()}")
        elif connection.vendor == "sqlite":
            target = output_dir / f"db-{stamp}.sqlite3"
            # Through Django's own connection, so an in-memory test database works too.
            connection.ensure_connection()
            destination = sqlite3.connect(target)
            try:
                connection.connection.backup(destination)
            finally:
                destination.close()
        else:
            raise CommandError(f"Moteur non pris en charge : {connection.vendor}")
        os.chmod(target, 0o600)  # a dump holds personal data: owner-only
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde écrite : {target} ({target.stat().st_size} octets)"))
