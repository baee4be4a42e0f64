"""Production-like settings plus a bench-only URLconf (the floor view) and counted caches; never used to serve
users."""

import os

from config.settings import *  # noqa: F403
from config.settings import CACHES, MIDDLEWARE

ROOT_URLCONF = "bench.urls"

# Every cache counts its hits and misses (bench/cache_counter.py); a prefix per run keeps a shared Redis's keys
# of an earlier run out of the figures.
CACHES = {
    alias: {**conf, "BACKEND": "bench.cache_counter.CountingCache",
            "KEY_PREFIX": os.environ.get("BENCH_CACHE_PREFIX", conf.get("KEY_PREFIX", "")),
            "OPTIONS": {**conf.get("OPTIONS", {}), "COUNTED_BACKEND": conf["BACKEND"]}}
    for alias, conf in CACHES.items()
}
MIDDLEWARE = [*MIDDLEWARE, "bench.cache_counter.ViewNameMiddleware"]
