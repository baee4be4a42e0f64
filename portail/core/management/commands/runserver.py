"""`make run`'s server, in French: the banner names the address and port it really listens on (the port the
system gave for `:0`, the one PORT asked for otherwise), once it listens. Static files are WhiteNoise's job,
from the apps' folders (settings: WHITENOISE_USE_FINDERS), so the pages look the same with DEBUG off."""

import sys

from django.core.management.commands.runserver import Command as DjangoRunserver

from portail.core.formatting import count_fr


class Command(DjangoRunserver):
    help = "Serveur de développement du portail (make run)."

    def inner_run(self, *args, **options):
        if not options["skip_checks"]:
            self.check(display_num_errors=False)  # problems still stop the start, and are printed
        super().inner_run(*args, **{**options, "skip_checks": True})

    def check_migrations(self):
        from django.db import DEFAULT_DB_ALIAS, connections
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            self.stdout.write(self.style.NOTICE(
                f"La base n'est pas à jour ({count_fr(len(plan), 'migration')} à appliquer) : lancez "
                "« make migrate » (ou « python manage.py migrate »)."))

    def on_bind(self, server_port):
        # Django's handle() sets both before the server binds; django-stubs leave them out.
        addr: str = self.addr  # type: ignore[attr-defined]
        raw_ipv6: bool = self._raw_ipv6  # type: ignore[attr-defined]
        host = f"[{addr}]" if raw_ipv6 else ("0.0.0.0" if addr == "0" else addr)  # noqa: S104  # nosec B104 (names the address, binds nothing)
        quit_keys = "Ctrl+Pause" if sys.platform == "win32" else "Ctrl+C"
        self.stdout.write(
            f"Portail disponible sur {self.protocol}://{host}:{server_port}/ (serveur de développement, à ne pas "
            f"utiliser en production). Arrêt : {quit_keys}."
        )
