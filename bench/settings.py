"""Production-like settings plus a bench-only URLconf (the floor view); never used to serve users."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
