"""The environment of a production process started by a test: fresh secrets, nothing of the test run's."""

import os
import secrets

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
