"""The page bench proper (called by `python -m bench.run`): mixed member traffic from locust (bench/locust_pages.py)
over the pool (bench/pool.py), the samples read back into figures per page — all views, cold views, warm views —
and the cache's hit rate from the counting caches of the bench server (bench/cache_counter.py)."""

import csv
import os
import subprocess
import time
from collections import defaultdict
from pathlib import Path

COLD = ("première vue", "après écriture")
WARM = "chaud"
P95_BAR_MS = 100  # issue 17: every member page at tier L, mixed traffic, 2 workers on 2 cores


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))] if ordered else 0.0


def check_pages(pool: dict, host: str) -> dict:
    """Every page of the first pool member answers 200 in-process (a broken path stops the bench before the load),
    and how many queries its second view makes."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    member = pool["members"][0]
    client = Client(HTTP_HOST=host)
    client.cookies["sessionid"] = member["session"]
    counts = {}
    for name, path in member["paths"].items():
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        if status != 200:
            raise SystemExit(f"{path} répond {status} pour l'adhérent {member['number']} au lieu de 200")
        counts[name] = len(queries.captured_queries)
    return counts


def run_locust(locust: Path, *, pool_file: Path, samples: Path, args, base: str, cpu_by_role) -> dict:
    """locust headless on the same two CPUs as the server; returns how long it ran and the CPU seconds each role
    (server, PostgreSQL, locust) used meanwhile."""
    root = Path(__file__).resolve().parent
    rate_per_user = args.rate / args.users if args.rate else 0
    command = [str(locust), "-f", str(root / "locust_pages.py"), "--headless", "-H", base, "-u", str(args.users),
               "-r", str(args.users), "-t", f"{args.mix_duration}s", "--stop-timeout", "5", "--only-summary",
               "--loglevel", "WARNING"]
    env = {**os.environ, "BENCH_POOL": str(pool_file), "BENCH_SAMPLES": str(samples),
           "BENCH_RATE_PER_USER": str(rate_per_user), "BENCH_MANDATAIRE_SHARE": str(args.mandataire_share)}
    with open(samples.with_suffix(".log"), "wb") as output:
        process = subprocess.Popen(command, cwd=root, stdout=output, stderr=output, env=env)
        started, before = time.monotonic(), cpu_by_role()
        after = before
        while process.poll() is None:
            now = cpu_by_role()  # locust's reading drops to 0 once it has exited: keep each role's highest
            after = {role: max(after[role], now[role]) for role in now}
            time.sleep(1)
    return {"seconds": time.monotonic() - started, "used": {role: after[role] - before[role] for role in before}}


def read_samples(path: Path, *, warmup: float) -> tuple[list[dict], float, int]:
    """Samples past the warm-up (the workers' first requests import modules and compile templates), the measured
    duration in seconds, and the number of requests warm-up included."""
    with open(path, newline="") as handle:
        rows = [{**row, "time": float(row["time"]), "ms": float(row["ms"]), "ok": row["ok"] == "1"}
                for row in csv.DictReader(handle)]
    if not rows:
        raise SystemExit(f"aucune requête enregistrée par locust (voir {path.with_suffix('.log')})")
    start = min(r["time"] for r in rows) + warmup
    kept = [r for r in rows if r["time"] >= start]
    return kept, max(r["time"] for r in kept) - start, len(rows)


def _figures(rows: list[dict]) -> dict:
    times = [r["ms"] for r in rows]
    return {"n": len(rows), "errors": sum(not r["ok"] for r in rows), "p50_ms": percentile(times, 50),
            "p95_ms": percentile(times, 95), "p99_ms": percentile(times, 99), "max_ms": max(times, default=0.0)}


def page_figures(rows: list[dict], duration: float) -> list[dict]:
    by_name = defaultdict(list)
    for row in rows:
        by_name[row["name"]].append(row)
    pages = []
    for name, group in by_name.items():
        figures = {"name": name, "method": group[0]["method"], **_figures(group), "rps": len(group) / duration,
                   "cold": _figures([r for r in group if r["state"] in COLD]),
                   "after_write": _figures([r for r in group if r["state"] == COLD[1]]),
                   "warm": _figures([r for r in group if r["state"] == WARM])}
        pages.append(figures)
    return sorted(pages, key=lambda p: -p["n"])


def cache_figures(counts, views: dict[str, str]) -> dict:
    """Hit rate overall, per page (through the view its path resolves to) and per key family."""
    def rate(hits, misses):
        return {"hits": hits, "misses": misses, "rate": hits / (hits + misses) if hits + misses else None}

    by_view, by_family = defaultdict(lambda: [0, 0]), defaultdict(lambda: [0, 0])
    for (view, family, kind), n in counts.items():
        by_view[view][kind == "miss"] += n
        by_family[family][kind == "miss"] += n
    hits, misses = sum(h for h, _m in by_view.values()), sum(m for _h, m in by_view.values())
    return {"total": rate(hits, misses),
            "pages": {name: rate(*by_view[view]) for name, view in views.items() if view in by_view},
            "families": {family: rate(*hm) for family, hm in sorted(by_family.items(), key=lambda kv: -sum(kv[1]))}}


def view_names(pool: dict) -> dict[str, str]:
    """Page name → the URL name its path resolves to (for the hit rate per page)."""
    from django.urls import resolve

    from bench.pages import CHOOSE

    paths = {name: path for member in pool["members"] for name, path in member["paths"].items()}
    paths[CHOOSE[0]] = CHOOSE[1]
    return {name: resolve(path.split("?")[0]).view_name for name, path in paths.items()}


def _ms(value: float, figures: dict | None = None) -> str:
    if figures is not None and not figures["n"]:
        return "–"
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def _pct(value) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def markdown(report: dict) -> str:
    mix, cache = report["mix"], report["mix"]["cache"]
    lines = [
        f"Banc des pages du {report['started']} — {report['machine']} — commit {report['commit']} — données : "
        f"{report['tier']} ; gunicorn {report['workers']} workers sync et locust sur les mêmes 2 CPU ; "
        f"{mix['members']} adhérents (une session chacun) et {mix['mandataires']} mandataires ; {mix['users']} "
        f"utilisateurs locust, {mix['target']} ; {mix['duration_s']:.0f} s mesurées après {mix['warmup_s']} s de "
        f"chauffe ; charge moyenne 1 min avant/après : {report['loadavg_before'][0]:.1f} / "
        f"{report['loadavg_after'][0]:.1f}.",
        "",
        "Froid : première vue de la page de cet adhérent dans l'exécution, ou première depuis une écriture dans ses "
        "données (dont « après écr. ») ; chaud : revue sans écriture entre-temps. Temps en ms. Cache : part des "
        "lectures du cache qui trouvent leur valeur pendant cette page ; SQL : requêtes de la deuxième vue pour le "
        "premier adhérent de la réserve (le plus grand).",
        "",
        "| Page | req. | req/s | p50 | p95 | p99 | max | erreurs | froid n | froid p50 | froid p95 "
        "| après écr. n | après écr. p95 | chaud n | chaud p50 | chaud p95 | cache | SQL |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page in [*mix["pages"], {**mix["total"], "name": "**toutes**"}]:
        cold, after, warm = page["cold"], page["after_write"], page["warm"]
        hit = cache["pages"].get(page["name"], {}).get("rate")
        lines.append(
            f"| {page['name']} | {page['n']} | {page['rps']:.1f} | {_ms(page['p50_ms'])} | {_ms(page['p95_ms'])} | "
            f"{_ms(page['p99_ms'])} | {_ms(page['max_ms'])} | {page['errors']} | "
            + f"{cold['n']} | {_ms(cold['p50_ms'], cold)} | {_ms(cold['p95_ms'], cold)} | {after['n']} | "
            f"{_ms(after['p95_ms'], after)} | {warm['n']} | {_ms(warm['p50_ms'], warm)} | {_ms(warm['p95_ms'], warm)} | "
            + f"{_pct(hit)} | {report['queries'].get(page['name'], '–')} |")
    total = cache["total"]
    lines += ["", f"Cache : {_pct(total['rate'])} des lectures trouvent leur valeur ({total['hits']} sur "
              f"{total['hits'] + total['misses']}) ; par famille de clés : "
              + ", ".join(f"{family or '(autre)'} {_pct(f['rate'])} de {f['hits'] + f['misses']}"
                          for family, f in list(cache["families"].items())[:8]) + "."]
    cores = mix["cores"]
    lines.append("Cœurs occupés en moyenne : " + ", ".join(f"{role} {busy:.2f}" for role, busy in cores.items())
                 + f" ; CPU du serveur d'application par requête : {mix['server_cpu_ms_per_request']:.1f} ms.")
    over = [p["name"] for p in mix["pages"] if p["p95_ms"] > P95_BAR_MS or p["errors"]]
    lines.append(f"Seuil (p95 ≤ {P95_BAR_MS} ms et 0 erreur sur chaque page) : "
                 + ("**tenu**." if not over else "**non tenu** pour " + ", ".join(over) + "."))
    if report.get("floor"):
        floor = report["floor"]
        lines.append(f"Plancher (vue nue, wrk -c{floor['connections']}, {floor['duration_s']} s) : "
                     f"{floor['rps']:.0f} req/s, p95 {floor['p95_us'] / 1000:.1f} ms.")
    return "\n".join(lines)


def summarise(*, samples: Path, warmup: float, cpu: dict, counts, pool: dict, args) -> dict:
    rows, duration, requests = read_samples(samples, warmup=warmup)
    total = {**_figures(rows), "rps": len(rows) / duration,
             "cold": _figures([r for r in rows if r["state"] in COLD]),
             "after_write": _figures([r for r in rows if r["state"] == COLD[1]]),
             "warm": _figures([r for r in rows if r["state"] == WARM])}
    return {
        "members": len(pool["members"]), "mandataires": len(pool["mandataires"]), "users": args.users,
        "target": f"{args.rate} actions/s visées" if args.rate else "sans pause (saturation)",
        "duration_s": duration, "warmup_s": warmup, "pages": page_figures(rows, duration), "total": total,
        "cache": cache_figures(counts, view_names(pool)),
        # Over the whole locust run, warm-up included: cores busy per role, server CPU per request.
        "cores": {role: seconds / cpu["seconds"] for role, seconds in cpu["used"].items()},
        "server_cpu_ms_per_request": 1000 * cpu["used"]["server"] / requests,
    }
