"""A production process started by a test: its environment (fresh secrets, nothing of the test run's), a free
port to serve on, and its stop."""

import os
import secrets
import socket
import subprocess

from cryptography.fernet import Fernet


def production_env(**extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "NIR_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "NIR_HASH_KEY": secrets.token_urlsafe(64),
        "PORTAL_BASE_URL": "https://adherents.spst.example",
    }
    # REDIS_URL too: the process keeps its cache to itself (rate limits, lockouts), as a fresh server would.
    for name in ("PORTAIL_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "REDIS_URL", "CACHE_KEY_PREFIX"):
        env.pop(name, None)
    return {**env, **extra}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    """Terminates the server and waits for it; kills it if it lingers."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
