"""The nightly compliance_refresh at scale, with 1 then N task workers: `python -m bench.nightly --workers 1 2`.

On a database that holds a generated tier (BENCH_DATABASE, default portail_bench; `--tier L` recreates it first, as
`bench.run` does), for each worker count:

1. forget every computed snapshot, run and queued task (the first night after a load: every present employee
   computed, the heaviest case);
2. `manage.py compliance_refresh` with the database task queue: it plans the run and enqueues one task per chunk;
3. N `manage.py db_worker --batch` processes share the chunks and exit when the queue is empty;
4. reports the wall time, the workers' CPU (exact, from wait4), the CPU of this database's PostgreSQL backends
   (sampled from /proc), and a checksum of the snapshots, equal whatever the worker count.

`--quiet-night` also times a second run on the same data (nothing stale: the cost of an ordinary night's scan).
`--legacy-members N` times the member-by-member pass the command made before the chunks on the first N members,
and extrapolates it to all of them. Not part of the unit tests; figures go to README « Performances ».
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench import run as bench_run

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


def log(message: str) -> None:
    print(f"[nightly] {message}", file=sys.stderr, flush=True)


def _environment() -> dict:
    bench_run.configure_environment()
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"  # the in-process legacy pass too
    return {**os.environ, "TASKS_BACKEND": "django_tasks_db.DatabaseBackend", "LOG_LEVEL": "WARNING"}


def _manage(*args: str, env: dict, output=subprocess.PIPE) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=output,
                            stderr=subprocess.STDOUT, text=True)


def _sql(query: str, *params) -> list[tuple]:
    import psycopg

    with psycopg.connect(dbname=bench_run.DB_NAME, autocommit=True, **bench_run.PG) as conn:
        cursor = conn.execute(query, params)
        return cursor.fetchall() if cursor.description else []


def reset() -> None:
    _sql("TRUNCATE appointments_compliancesnapshot, appointments_compliancechunk, appointments_compliancerun, "
         "django_tasks_database_dbtaskresult")


def checksum() -> tuple[int, str]:
    return _sql("SELECT count(*), md5(coalesce(string_agg(concat_ws(',', employee_id, member_id, facts_changed, "
                "computed_on, stable_until, has_due, due_by, before_assignment, exit_date), ';' ORDER BY employee_id), "
                "'')) FROM appointments_compliancesnapshot")[0]


class BackendCpu:
    """CPU seconds of this database's PostgreSQL backends, sampled from /proc while the workers run (a backend's
    last reading stands once it is gone)."""

    def __init__(self):
        self.seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            pids = [row[0] for row in _sql("SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> "
                                           "pg_backend_pid()", bench_run.DB_NAME)]
            for pid in pids:
                try:
                    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                self.seen[pid] = (int(fields[11]) + int(fields[12])) / TICKS
            self._stop.wait(0.5)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def total(self) -> float:
        return sum(self.seen.values())


def one_pass(*, workers: int, chunk_size: int, env: dict, label: str) -> dict:
    started = time.monotonic()
    planner = _manage("compliance_refresh", "--chunk-size", str(chunk_size), env=env)
    planned_out = planner.communicate()[0]
    if planner.returncode:
        raise SystemExit(planned_out)
    planned = time.monotonic() - started
    cpu_workers = 0.0
    # The workers log every task: to files, never to a pipe nobody reads while they run (it fills and blocks them).
    logs = [tempfile.TemporaryFile(mode="w+") for _ in range(workers)]  # noqa: SIM115 (deleted on close, at exit)
    with BackendCpu() as backends:
        processes = [_manage("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0.2",
                             env=env, output=output) for output in logs]
        for process in processes:
            _pid, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            cpu_workers += usage.ru_utime + usage.ru_stime
    wall = time.monotonic() - started
    if any(p.returncode for p in processes):
        for output in logs:
            output.seek(0)
        raise SystemExit(f"un db_worker a échoué : {[output.read()[-2000:] for output in logs]}")
    chunks = _sql("SELECT count(*) FILTER (WHERE status = 'done'), count(*), coalesce(sum(refreshed), 0) "
                  "FROM appointments_compliancechunk WHERE run_id = (SELECT max(id) FROM appointments_compliancerun)")[0]
    count, digest = checksum()
    result = {"label": label, "workers": workers, "chunk_size": chunk_size, "wall_s": round(wall, 1),
              "plan_s": round(planned, 1), "workers_cpu_s": round(cpu_workers, 1),
              "postgres_cpu_s": round(backends.total, 1), "chunks_done": chunks[0], "chunks": chunks[1],
              "refreshed": chunks[2], "snapshots": count, "checksum": digest}
    log(json.dumps(result, ensure_ascii=False))
    return result


def legacy(*, members: int) -> dict:
    """The member-by-member pass of the former command, on the first `members` members (in-process)."""
    import django

    django.setup()
    from django.db import connections
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from portail.appointments.snapshots import snapshots_refresh
    from portail.members.models import Member
    from portail.workforce.services import employees_recategorize

    reset()
    today = timezone.localdate()
    with scopes_disabled():
        total_members = Member.objects.count()
        chosen = list(Member.objects.order_by("pk")[:members])
        started, cpu = time.monotonic(), time.process_time()
        refreshed = 0
        for member in chosen:
            employees_recategorize(member=member, today=today)
            refreshed += snapshots_refresh(member=member, today=today)
        wall, cpu = time.monotonic() - started, time.process_time() - cpu
    connections.close_all()
    result = {"label": "membre par membre (avant)", "members": members, "refreshed": refreshed,
              "wall_s": round(wall, 1), "process_cpu_s": round(cpu, 1),
              "extrapolated_wall_s": round(wall * total_members / max(members, 1))}
    log(json.dumps(result, ensure_ascii=False))
    return result


def markdown(results: list[dict]) -> str:
    lines = ["| passe | workers | horloge (s) | CPU workers (s) | CPU PostgreSQL (s) | lots | salariés recalculés |",
             "|---|---|---|---|---|---|---|"]
    for r in results:
        if "workers" in r:
            lines.append(f"| {r['label']} | {r['workers']} | {r['wall_s']} | {r['workers_cpu_s']} | "
                         f"{r['postgres_cpu_s']} | {r['chunks_done']}/{r['chunks']} | {r['refreshed']} |")
        else:
            lines.append(f"| {r['label']} ({r['members']} adhérents) | 1 | {r['wall_s']} (extrapolé : "
                         f"{r['extrapolated_wall_s']}) | {r['process_cpu_s']} | – | – | {r['refreshed']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tier", default="", help="Recrée la base et y charge ce palier (S, M, L, XL) d'abord.")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--chunk-size", type=int, default=200)
    parser.add_argument("--quiet-night", action="store_true", help="Mesure aussi une deuxième nuit sans changement.")
    parser.add_argument("--legacy-members", type=int, default=0,
                        help="Mesure aussi l'ancien calcul membre par membre sur ce nombre d'adhérents.")
    args = parser.parse_args(argv)
    env = _environment()
    if args.tier:
        bench_run.recreate_database()
        bench_run.prepare_data(args.tier)
    subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity", "0"], cwd=ROOT, env=env, check=True)
    results = []
    if args.legacy_members:
        results.append(legacy(members=args.legacy_members))
    for workers in args.workers:
        reset()
        results.append(one_pass(workers=workers, chunk_size=args.chunk_size, env=env, label="première nuit"))
        if args.quiet_night:
            results.append(one_pass(workers=workers, chunk_size=args.chunk_size, env=env, label="nuit sans changement"))
    digests = {r["checksum"] for r in results if "checksum" in r and r["label"] == "première nuit"}
    print(markdown(results))
    if len(digests) > 1:
        print("ÉCHEC : les instantanés diffèrent selon le nombre de workers.")
        return 1
    first = [r for r in results if r.get("label") == "première nuit"]
    if len(first) >= 2:
        print(f"Accélération {first[0]['workers']} → {first[-1]['workers']} workers : "
              f"{first[0]['wall_s'] / first[-1]['wall_s']:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
