"""DJANGO_ENV=production refuses to start on the secrets committed in the repository (issue 16 §4).

Each case imports the settings in a fresh process, as gunicorn or manage.py would."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings

from portail.core.tests.production_env import production_env

ROOT = Path(__file__).resolve().parents[3]
SECRETS = ("SECRET_KEY", "NIR_ENCRYPTION_KEY", "NIR_HASH_KEY")
IMPORT = "import config.settings as s; print(s.PRODUCTION)"


def start(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", IMPORT], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False, timeout=60)


def refusal(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0, result.stdout
    assert "ImproperlyConfigured" in result.stderr
    assert "démarrage refusé" in result.stderr and "startup refused" in result.stderr
    return result.stderr


def test_production_with_real_secrets_starts():
    result = start(production_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_production_without_secrets_is_refused_naming_each_one():
    env = {k: v for k, v in production_env().items() if k not in SECRETS}
    stderr = refusal(start(env))
    for name in SECRETS:
        assert f"{name} : absente / missing" in stderr


def test_production_with_the_development_values_is_refused():
    for name, value in settings.DEV_SECRETS.items():
        stderr = refusal(start(production_env(**{name: value})))
        assert f"{name} : valeur de développement" in stderr
        assert [other for other in SECRETS if other != name and f"{other} :" in stderr] == []


def test_production_with_an_invalid_fernet_key_is_refused():
    stderr = refusal(start(production_env(NIR_ENCRYPTION_KEY="pas-une-cle-fernet")))
    assert "NIR_ENCRYPTION_KEY : clé Fernet invalide / invalid Fernet key" in stderr


def test_production_reads_secrets_from_files(tmp_path):
    env = production_env()
    for name in SECRETS:
        (tmp_path / name).write_text(env.pop(name) + "\n")
        env[f"{name}_FILE"] = str(tmp_path / name)
    assert start(env).returncode == 0


def test_development_starts_without_any_secret():
    env = {k: v for k, v in production_env().items() if k not in SECRETS}
    env.pop("DJANGO_ENV")
    result = start(env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_production_without_the_public_address_is_refused():
    env = production_env()
    env.pop("PORTAL_BASE_URL")
    assert "PORTAL_BASE_URL : absente" in refusal(start(env))
    stderr = refusal(start(production_env(PORTAL_BASE_URL="http://adherents.spst.example")))
    assert "PORTAL_BASE_URL : doit commencer par https://" in stderr


def test_sessions_are_read_through_the_cache_only_when_every_worker_shares_it():
    engine = "import config.settings as s; print(s.SESSION_ENGINE.rsplit('.', 1)[1])"

    def session_engine(env):
        result = subprocess.run([sys.executable, "-c", engine], cwd=ROOT, env=env, capture_output=True, text=True,
                                check=False, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert session_engine(production_env()) == "db"  # one cache per worker: a logout must reach every worker
    assert session_engine(production_env(REDIS_URL="redis://127.0.0.1:6379/9")) == "cached_db"
    workers = {k: v for k, v in production_env(DJANGO_DEBUG="0").items() if k != "DJANGO_ENV"}
    assert session_engine(workers) == "db"  # gunicorn's workers outside production (the page bench)
    assert session_engine({**workers, "DJANGO_DEBUG": "1"}) == "cached_db"  # `make run`: one process
