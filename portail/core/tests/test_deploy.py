import subprocess
import sys
from pathlib import Path

from django.test import RequestFactory

from portail.core.tests.production_env import production_env
from portail.core.views import error_500

ROOT = Path(__file__).resolve().parents[3]


def test_production_settings_pass_check_deploy():
    env = production_env(ALLOWED_HOSTS="portail.example.org")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_server_error_page_is_french_and_needs_no_database():
    response = error_500(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()


def test_every_systemd_unit_runs_a_command_that_exists():
    """The example units in deploy/ call manage.py commands: a renamed command must not leave a
    timer failing silently every night."""
    import re
    from pathlib import Path

    from django.core.management import get_commands

    deploy = Path(__file__).resolve().parents[3] / "deploy"
    called = [match for unit in deploy.glob("*.service")
              for match in re.findall(r"^ExecStart=.*manage\.py (\w+)", unit.read_text(), re.M)]
    assert {"slots_extend", "compliance_refresh", "send_appointment_reminders", "backup_db"} <= set(called)
    assert [name for name in called if name not in get_commands()] == []
