"""Cache hits and misses of the bench server (bench/settings.py wraps every configured cache in `CountingCache`).

Counted per view (the URL name the request resolved to, "" before resolution) and per key family (the key's
first words, digits and hashes left out), in each gunicorn worker; each worker writes its counts to
BENCH_CACHE_STATS/<pid>.json when it exits (bench/gunicorn_conf.py), and bench/run.py adds them up.
"""

import contextvars
import json
import os
import re
from collections import Counter
from pathlib import Path

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.utils.module_loading import import_string

COUNTS: Counter = Counter()  # (view, family, "hit" | "miss") → reads
_view = contextvars.ContextVar("bench_view", default="")
_MISSING = object()


def family(key: str) -> str:
    words = [w for w in re.split(r"[:.\-_]", str(key))[:4] if w and not any(c.isdigit() for c in w)]
    return ".".join(words[:3])[:40]


class CountingCache(BaseCache):
    """Delegates to the real backend (OPTIONS["COUNTED_BACKEND"]) and counts what reads find."""

    def __init__(self, location, params):
        params = dict(params)
        options = dict(params.get("OPTIONS", {}))
        backend = import_string(options.pop("COUNTED_BACKEND"))
        params["OPTIONS"] = options
        super().__init__(params)
        self._real = backend(location, params)

    def __getattr__(self, name):
        return getattr(self._real, name)

    def _count(self, key, found: bool) -> None:
        COUNTS[(_view.get(), family(key), "hit" if found else "miss")] += 1

    def get(self, key, default=None, version=None):
        value = self._real.get(key, _MISSING, version=version)
        self._count(key, value is not _MISSING)
        return default if value is _MISSING else value

    def get_many(self, keys, version=None):
        found = self._real.get_many(keys, version=version)
        for key in keys:
            self._count(key, key in found)
        return found

    def has_key(self, key, version=None):
        found = self._real.has_key(key, version=version)
        self._count(key, found)
        return found

    def get_or_set(self, key, default, timeout=DEFAULT_TIMEOUT, version=None):
        value = self.get(key, _MISSING, version=version)
        if value is not _MISSING:
            return value
        value = default() if callable(default) else default
        self._real.add(key, value, timeout=timeout, version=version)
        return self._real.get(key, value, version=version)  # as Django's: another writer may have won

    def set(self, *args, **kwargs):
        return self._real.set(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._real.add(*args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._real.delete(*args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._real.set_many(*args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._real.delete_many(*args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._real.incr(*args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._real.touch(*args, **kwargs)

    def clear(self):
        return self._real.clear()

    def close(self, **kwargs):
        return self._real.close(**kwargs)


class ViewNameMiddleware:
    """Remembers which view the current request resolved to, for the counts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _view.set("")
        try:
            return self.get_response(request)
        finally:
            _view.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        _view.set(request.resolver_match.view_name or "")


def dump() -> None:
    folder = os.environ.get("BENCH_CACHE_STATS")
    if folder and COUNTS:
        rows = [[view, fam, kind, n] for (view, fam, kind), n in COUNTS.items()]
        (Path(folder) / f"{os.getpid()}.json").write_text(json.dumps(rows))


def load(folder) -> Counter:
    """Counts of every worker that wrote them into `folder`."""
    total: Counter = Counter()
    for path in Path(folder).glob("*.json"):
        for view, fam, kind, n in json.loads(path.read_text()):
            total[(view, fam, kind)] += n
    return total
