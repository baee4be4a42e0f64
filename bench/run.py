"""Benchmark harness (`make bench`, or `python -m bench.run --tier L`): gunicorn + PostgreSQL as in production,
locust as the load, never part of the unit tests.

Steps: install wrk and locust if missing, recreate the PostgreSQL database (BENCH_DATABASE, default
portail_bench), migrate, load the demo data and the scale tier (bench/generate.py), build the pool of members the
load rotates over (bench/pool.py: one session each, created in bulk), check every page of one of them in-process,
start gunicorn (2 workers sync) with counted caches (bench/settings.py), measure the framework floor with wrk, run
the mixed member traffic with locust (bench/locust_pages.py) and report per page all, cold and warm views and the
cache hit rate (bench/mix.py). Then, on a fresh server, the login capacity (Argon2, real form with CSRF) and the
cost of an attempt refused by django-axes. Server and load share the machine's two CPUs; everything targets
127.0.0.1 (port BENCH_PORT, default 8765).

Results: bench/results/<timestamp>.json (git-ignored) and a Markdown table on stdout. `--journey` runs the P-7
journey (bench/locustfile.py) instead.
"""

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from bench.mix import percentile

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://{HOST}:{PORT}"
DB_NAME = os.environ.get("BENCH_DATABASE", "portail_bench")
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
SERVER_CPU, LOAD_CPU = "0", "1"
BOTH_CPUS = f"{SERVER_CPU},{LOAD_CPU}"


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    log("wrk absent : installation par apt-get")
    prefix = [] if os.geteuid() == 0 else ["sudo"]
    if subprocess.run([*prefix, "apt-get", "install", "-y", "-q", "wrk"]).returncode != 0:
        subprocess.run([*prefix, "apt-get", "update", "-q"], check=True)
        subprocess.run([*prefix, "apt-get", "install", "-y", "-q", "wrk"], check=True)


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def configure_environment() -> None:
    os.environ.update({
        "DATABASE_URL": f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{DB_NAME}",
        "CONN_MAX_AGE": "60",
        "DJANGO_DEBUG": "0",
        "ALLOWED_HOSTS": HOST,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "LOG_LEVEL": "WARNING",
        # The two workers share one cache, as production's workers must (sessions, rate limits, page blocks).
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8"),
    })


def prepare_data(tier: str, *, members: int = 0, mandataires: int = 0) -> dict:
    """Migrate, load the demo data and the generated tier, create the account that gets locked, build the pool
    (if asked: members > 0)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django_scopes import scopes_disabled

    from bench.generate import generate
    from bench.pages import LOCKED_USERNAME
    from bench.pool import build_pool
    from portail.accounts.models import AccountKind, User
    from portail.members.models import Member

    log("migrate + demo_data")
    call_command("migrate", verbosity=0, interactive=False)
    with open(os.devnull, "w") as devnull:
        call_command("demo_data", stdout=devnull)
        if tier:
            log(f"bench.generate --tier {tier}")
            generate(tier=tier, stdout=devnull)
    with scopes_disabled():
        if not User.objects.filter(username=LOCKED_USERNAME).exists():
            User.objects.create_user(
                LOCKED_USERNAME, password="Bench-Verrou-2026-Secret", kind=AccountKind.MEMBER,
                member=Member.objects.get(number="100003"),
            )
    if not members:
        connections.close_all()
        return {}
    started = time.monotonic()
    pool = build_pool(members=members, mandataires=mandataires)
    log(f"réserve : {len(pool['members'])} adhérents et {len(pool['mandataires'])} mandataires, une session chacun "
        f"({time.monotonic() - started:.0f} s)")
    connections.close_all()
    return pool


def start_gunicorn(workers: int, log_file: Path, startup_seconds: int = 180, cpus: str = BOTH_CPUS,
                   env: dict | None = None) -> subprocess.Popen:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = ["taskset", "-c", cpus, str(gunicorn), "bench.wsgi_bench:application", "-w", str(workers),
               "-c", str(ROOT / "bench" / "gunicorn_conf.py"),
               "--bind", f"{HOST}:{PORT}", "--error-logfile", str(log_file), "--log-level", "warning"]
    # The server's own log lines (axes warnings, errors) go to the log file, not into the report.
    with open(log_file, "ab") as server_log:
        process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=server_log,
                                   stderr=server_log)
    import requests

    deadline = time.monotonic() + startup_seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{BASE}/bench/floor/", timeout=1).status_code == 200:
                return process
        except requests.RequestException:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.3)
    process.terminate()
    raise SystemExit(f"gunicorn n'a pas démarré (voir {log_file})")


def floor(duration: int, connections: int = 16) -> dict:
    """The framework floor: the bare view on the same server, wrk with 16 connections, after 2 s of warm-up."""
    command = ["wrk", "-t1", f"-c{connections}", "--timeout", "5s"]
    subprocess.run([*command, "-d2s", BASE + "/bench/floor/"], capture_output=True, timeout=60)
    output = subprocess.run([*command, f"-d{duration}s", "--latency", "-s", str(ROOT / "bench" / "report.lua"),
                             BASE + "/bench/floor/"], capture_output=True, text=True, timeout=duration + 30).stdout
    match = re.search(r"^BENCH_JSON (.*)$", output, re.M)
    if not match:
        raise SystemExit(f"sortie wrk illisible :\n{output}")
    data = json.loads(match.group(1))
    result = {**data, "rps": data["requests"] / (data["duration_us"] / 1e6), "connections": connections,
              "duration_s": duration}
    log(f"plancher : {result['rps']:.0f} req/s, p95 {data['p95_us'] / 1000:.1f} ms")
    return result


def stop(server: subprocess.Popen) -> None:
    """Graceful stop: each worker finishes its request and writes its cache counts (bench/gunicorn_conf.py)."""
    server.terminate()
    server.wait(timeout=60)


# --- Login capacity --------------------------------------------------------------------------

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def login_attempt(username: str, password: str) -> tuple[int, float, float]:
    """GET the form, POST it. Returns (POST status, POST seconds, total seconds)."""
    import requests

    with requests.Session() as session:
        started = time.perf_counter()
        page = session.get(f"{BASE}/connexion/", timeout=10)
        token = CSRF_RE.search(page.text).group(1)
        posted = time.perf_counter()
        response = session.post(
            f"{BASE}/connexion/", data={"username": username, "password": password, "csrfmiddlewaretoken": token},
            allow_redirects=False, timeout=10,
        )
        done = time.perf_counter()
    ok = response.status_code == 302 and "/connexion/" not in response.headers.get("Location", "")
    return (response.status_code if not ok else 302), done - posted, done - started


HASHER_BAND_MS = (150, 400)  # P-6: cheaper is too weak against offline guessing, dearer caps logins per core


def hasher_cost(samples: int = 9) -> dict:
    """Median time of one password check with the project's first hasher (Argon2), in this process."""
    from django.conf import settings
    from django.contrib.auth.hashers import check_password, make_password

    hasher = settings.PASSWORD_HASHERS[0]
    encoded = make_password("Un-Mot-De-Passe-De-Banc-2026", hasher="default")
    timings = []
    for _ in range(samples):
        started = time.perf_counter()
        check_password("Un-Mot-De-Passe-De-Banc-2026", encoded)
        timings.append((time.perf_counter() - started) * 1000)
    median = statistics.median(timings)
    low, high = HASHER_BAND_MS
    result = {"hasher": hasher.rsplit(".", 1)[-1], "median_ms": median, "within_band": low <= median <= high}
    log(f"coût d'une vérification {result['hasher']} : {median:.0f} ms (bande {low}–{high} ms)")
    return result


def login_capacity(rate: float, duration: int) -> dict:
    import requests

    from bench.pages import LOGIN

    total = int(rate * duration)
    started = time.monotonic()

    def scheduled(i):
        delay = started + i / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        try:
            return login_attempt(LOGIN["username"], LOGIN["password"])
        except requests.RequestException:  # a timeout counts as a failed login, not as the end of the bench
            return 0, 10.0, 10.0

    with ThreadPoolExecutor(max_workers=64) as pool:
        results = list(pool.map(scheduled, range(total)))
    elapsed = time.monotonic() - started
    posts = [r[1] for r in results]
    failures = sum(1 for r in results if r[0] != 302)
    result = {
        "target_per_s": rate, "duration_s": duration, "attempts": total, "failures": failures,
        "achieved_per_s": (total - failures) / elapsed,
        "post_p50_ms": percentile(posts, 50) * 1000, "post_p95_ms": percentile(posts, 95) * 1000,
        "total_p95_ms": percentile([r[2] for r in results], 95) * 1000,
    }
    log(f"connexions : {result['achieved_per_s']:.2f}/s, p95 POST {result['post_p95_ms']:.0f} ms, échecs {failures}")
    return result


def lockout_cost(samples: int) -> dict:
    from bench.pages import LOCKED_USERNAME, LOGIN

    real = [login_attempt(LOGIN["username"], LOGIN["password"])[1] for _ in range(samples)]
    statuses = [login_attempt(LOCKED_USERNAME, "mauvais-mot-de-passe")[0] for _ in range(6)]
    locked = []
    for _ in range(samples * 2):
        status, post, _total = login_attempt(LOCKED_USERNAME, "mauvais-mot-de-passe")
        if status != 429:
            raise SystemExit(f"le compte {LOCKED_USERNAME} devait être verrouillé (statut {status})")
        locked.append(post)
    result = {
        "statuses_before_lock": statuses,
        "real_check_median_ms": statistics.median(real) * 1000,
        "locked_median_ms": statistics.median(locked) * 1000,
    }
    result["ratio"] = result["locked_median_ms"] / result["real_check_median_ms"]
    log(f"verrouillage : {result['locked_median_ms']:.1f} ms contre {result['real_check_median_ms']:.1f} ms")
    return result


# --- Journey (locust) ------------------------------------------------------------------------

BENCH_VENV = ROOT / "var" / "bench-venv"


def ensure_locust() -> Path:
    """locust and its gevent stay out of the application's venv: their own virtualenv, from bench/requirements.txt."""
    locust = BENCH_VENV / "bin" / "locust"
    if not locust.exists():
        log(f"locust absent : installation dans {BENCH_VENV} (bench/requirements.txt)")
        subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
        subprocess.run([str(BENCH_VENV / "bin" / "pip"), "install", "-q", "-r", str(ROOT / "bench" / "requirements.txt")],
                       check=True)
    return locust


def journey_accounts(path: Path, *, count: int) -> dict:
    """One generated member account per locust user (members with at least 5 employees and a declaration to
    fill), so that users do not all edit the same employees, as on a real deadline day."""
    from django.db.models import Count, Q
    from django_scopes import scopes_disabled

    from bench.data.members import SCALE_PASSWORD
    from portail.accounts.models import AccountKind, User
    from portail.declarations.models import FILLABLE

    with scopes_disabled():
        users = (User.objects.filter(kind=AccountKind.MEMBER, member__number__startswith="S")
                 .annotate(staff=Count("member__employees", distinct=True),
                           to_fill=Count("member__declarations", filter=Q(member__declarations__status__in=FILLABLE),
                                         distinct=True))
                 .filter(staff__gte=5, to_fill__gte=1).order_by("pk").values_list("username", flat=True)[:count])
        path.write_text("\n".join(users))
        # In production the nightly compliance_refresh has run before the day's first login; the generator
        # leaves snapshots to it (hours at L), so run it here for the journey's members only.
        from portail.appointments.snapshots import snapshots_refresh
        from portail.members.models import Member

        refreshed = sum(snapshots_refresh(member=member)
                        for member in Member.objects.filter(accounts__username__in=list(users)).distinct())
    log(f"parcours : {len(users)} comptes d'adhérents générés, "
        f"{refreshed} échéances de suivi calculées (tâche de nuit)")
    return {"JOURNEY_ACCOUNTS": str(path), "JOURNEY_PASSWORD": SCALE_PASSWORD}


def cpu_by_role() -> dict[str, float]:
    """CPU seconds (user + system) used so far by the processes of each role: the application server, PostgreSQL,
    locust. Read from /proc, so that a run says where the two cores went, not only how many requests it served."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = {"server": 0.0, "postgresql": 0.0, "locust": 0.0}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we read
            continue
        program = command.split(" ", 1)[0]
        role = ("server" if "gunicorn" in command else "locust" if "locust" in command
                else "postgresql" if program.startswith("postgres") or program.endswith("/postgres") else None)
        if role:
            # utime, stime, and those of ended children (PostgreSQL backends, recycled workers) the parent reaped
            used[role] += sum(int(value) for value in fields[11:15]) / ticks
    return used


def journey(locust: Path, args, stamp: str) -> dict:
    """bench/locustfile.py headless on the load CPU; figures from locust's CSV (per step and aggregated)."""
    import csv

    prefix = RESULTS / f"journey-{stamp}"
    command = ["taskset", "-c", args.journey_cpus["locust"], str(locust), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
               "-H", BASE, "-u", str(args.journey_users), "-r", str(max(1, args.journey_users // 20)), "-t",
               f"{args.journey_duration}s", "--stop-timeout", "10", "--csv", str(prefix), "--only-summary",
               "--loglevel", "WARNING"]
    log(f"parcours locust : {args.journey_users} utilisateurs pendant {args.journey_duration} s")
    with open(f"{prefix}.log", "wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=output,
                                   env={**os.environ, "JOURNEY_WAIT": args.journey_wait})
        before, cpu_before = time.monotonic(), cpu_by_role()
        cpu_after, after = cpu_before, before
        while process.poll() is None and time.monotonic() - before < args.journey_duration + 120:
            # A role's total only grows while its processes live; locust's drops to 0 once it has exited (a
            # zombie has no command line), so keep each role's highest reading.
            now = cpu_by_role()
            cpu_after, after = {role: max(cpu_after[role], now[role]) for role in now}, time.monotonic()
            time.sleep(1)
        process.wait(timeout=60)
        elapsed = after - before
    steps = []
    with open(f"{prefix}_stats.csv", newline="") as stats:
        for row in csv.DictReader(stats):
            steps.append({
                "name": row["Name"], "method": row["Type"], "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]), "rps": float(row["Requests/s"]),
                "p50_ms": float(row["50%"] or 0), "p95_ms": float(row["95%"] or 0), "p99_ms": float(row["99%"] or 0),
                "max_ms": float(row["Max Response Time"] or 0),  # P-7: nothing over 2 s
            })
    total = next(s for s in steps if s["name"] == "Aggregated")
    log(f"parcours : {total['rps']:.0f} req/s, p95 {total['p95_ms']:.0f} ms, erreurs {total['failures']}")
    logins = next((s["requests"] for s in steps if s["name"] == "connexion (POST)"), 0)
    cpu = {role: cpu_after[role] - cpu_before[role] for role in cpu_before}
    return {"users": args.journey_users, "duration_s": args.journey_duration, "wait": args.journey_wait,
            "cpus": args.journey_cpus, "steps": steps, "total": total,
            # Cores busy on average per role, and the CPU one journey (one login) costs each role.
            "cores": {role: seconds / elapsed for role, seconds in cpu.items()},
            "cpu_ms_per_journey": {role: 1000 * seconds / logins for role, seconds in cpu.items()} if logins else {}}


def journey_markdown(report: dict) -> str:
    data = report["journey"]
    lines = [
        f"Parcours locust du {report['started']} — {report['machine']} — gunicorn {report['workers']} workers sync "
        f"(CPU {data.get('cpus', {}).get('server', SERVER_CPU)}), locust {data['users']} utilisateurs, réflexion "
        f"{data.get('wait', '0')} s entre étapes (CPU {data.get('cpus', {}).get('locust', LOAD_CPU)}), "
        f"{data['duration_s']} s ; "
        f"charge moyenne 1 min avant/après : {report['loadavg_before'][0]:.1f} / {report['loadavg_after'][0]:.1f}.",
        "",
        "| Étape | Méthode | requêtes | erreurs | req/s | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for step in data["steps"]:
        lines.append(f"| {step['name']} | {step['method']} | {step['requests']} | {step['failures']} | "
                     f"{step['rps']:.1f} | {step['p50_ms']:.0f} | {step['p95_ms']:.0f} | {step['p99_ms']:.0f} | "
                     f"{step.get('max_ms', 0):.0f} |")
    if data.get("cores"):
        cores = ", ".join(f"{role} {busy:.2f}" for role, busy in data["cores"].items())
        lines += ["", f"Cœurs occupés en moyenne : {cores}"
                  + " ; CPU par parcours (une connexion) : "
                  + ", ".join(f"{role} {ms:.0f} ms" for role, ms in data["cpu_ms_per_journey"].items()) + "."]
    return "\n".join(lines)


# --- Report ----------------------------------------------------------------------------------

def login_markdown(report: dict) -> str:
    lines = []
    if report.get("login"):
        login = report["login"]
        lines.append(f"Connexions (Argon2, formulaire réel) : cible {login['target_per_s']}/s pendant "
                     f"{login['duration_s']} s → {login['achieved_per_s']:.2f}/s réussies, POST p50 "
                     f"{login['post_p50_ms']:.0f} ms, p95 {login['post_p95_ms']:.0f} ms (GET+POST p95 "
                     f"{login['total_p95_ms']:.0f} ms), échecs {login['failures']}.")
    if report.get("hasher"):
        hasher, (low, high) = report["hasher"], HASHER_BAND_MS
        verdict = "dans" if hasher["within_band"] else "HORS de"
        lines.append(f"Coût d'une vérification de mot de passe ({hasher['hasher']}) : {hasher['median_ms']:.0f} ms, "
                     f"{verdict} la bande {low}–{high} ms.")
    if report.get("lockout"):
        lock = report["lockout"]
        lines.append(f"Tentative refusée par django-axes : {lock['locked_median_ms']:.1f} ms contre "
                     f"{lock['real_check_median_ms']:.1f} ms pour une vraie vérification "
                     f"(ratio {lock['ratio'] * 100:.1f} %).")
    return "\n".join(lines)


def page_bench(args, report: dict, stamp: str, locust: Path, pool: dict) -> None:
    """Floor and mixed traffic on one server with counted caches; the counts read once its workers have exited."""
    from bench import mix
    from bench.cache_counter import load

    pool_file, stats = RESULTS / f"pool-{stamp}.json", RESULTS / f"cache-{stamp}"
    pool_file.write_text(json.dumps(pool))
    stats.mkdir()
    server = start_gunicorn(args.workers, RESULTS / f"gunicorn-{stamp}.log",
                            env={"BENCH_CACHE_STATS": str(stats), "BENCH_CACHE_PREFIX": f"bench{stamp}"})
    try:
        report["floor"] = floor(args.floor_duration) if args.floor_duration else None
        log(f"trafic mêlé : {args.users} utilisateurs locust, {args.mix_duration} s")
        cpu = mix.run_locust(locust, pool_file=pool_file, samples=RESULTS / f"samples-{stamp}.csv", args=args,
                             base=BASE, cpu_by_role=cpu_by_role)
    finally:
        stop(server)
    report["mix"] = mix.summarise(samples=RESULTS / f"samples-{stamp}.csv", warmup=args.warmup, cpu=cpu,
                                  counts=load(stats), pool=pool, args=args)
    total = report["mix"]["total"]
    log(f"trafic mêlé : {total['rps']:.0f} req/s, p95 {total['p95_ms']:.0f} ms, erreurs {total['errors']}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tier", default="", help="Palier de bench.generate (S, M, L) chargé avec la démo.")
    parser.add_argument("--members", type=int, default=1000, help="Adhérents de la réserve (une session chacun).")
    parser.add_argument("--mandataires", type=int, default=20, help="Mandataires de la réserve.")
    parser.add_argument("--mandataire-share", type=float, default=0.1, help="Part des visites faites par un mandataire.")
    parser.add_argument("--users", type=int, default=32, help="Utilisateurs locust simultanés.")
    parser.add_argument("--rate", type=float, default=50,
                        help="Actions par seconde visées, tous utilisateurs ensemble (0 : sans pause, saturation).")
    parser.add_argument("--mix-duration", type=int, default=130, help="Durée du trafic mêlé, chauffe comprise (s).")
    parser.add_argument("--warmup", type=int, default=10, help="Secondes du début non comptées.")
    parser.add_argument("--floor-duration", type=int, default=10, help="Durée de la mesure du plancher (0 : aucune).")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--login-rate", type=float, default=4.0)
    parser.add_argument("--login-duration", type=int, default=30)
    parser.add_argument("--skip-login", action="store_true")
    parser.add_argument("--journey", action="store_true",
                        help="Au lieu des pages : le parcours locust (bench/locustfile.py) en mode headless.")
    parser.add_argument("--journey-duration", type=int, default=600, help="Durée du parcours en secondes.")
    parser.add_argument("--journey-users", type=int, default=10, help="Utilisateurs locust simultanés.")
    parser.add_argument("--journey-both-cpus", action="store_true",
                        help="Serveur du parcours sur les 2 CPU (locust, peu gourmand avec des pauses, les partage).")
    parser.add_argument("--keep-data", action="store_true",
                        help="Réutiliser la base du banc précédent au lieu de la recréer (même palier).")
    parser.add_argument("--journey-wait", default="0",
                        help="Temps de réflexion entre deux étapes, en secondes : « 5-15 » ou « 0 ».")
    args = parser.parse_args(argv)
    if args.journey:
        return main_journey(args)

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import requests

    from bench.mix import check_pages, markdown

    if args.floor_duration:
        ensure_wrk()
    locust = ensure_locust()
    configure_environment()
    if args.keep_data:
        import django

        django.setup()
        from bench.pool import build_pool

        log(f"base {DB_NAME} gardée telle quelle (--keep-data) ; nouvelle réserve, nouvelles sessions")
        pool = build_pool(members=args.members, mandataires=args.mandataires)
    else:
        log(f"base {DB_NAME} recréée")
        recreate_database()
        pool = prepare_data(args.tier, members=args.members, mandataires=args.mandataires)
    queries = check_pages(pool, HOST)

    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    report = {
        "started": datetime.now().isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} CPU, {platform.platform()}, Python {platform.python_version()}",
        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip(),
        "workers": args.workers, "tier": args.tier or "démo seule", "queries": queries,
        # Other processes on the same 2 CPUs skew everything: keep the load average with the figures.
        "loadavg_before": os.getloadavg(),
    }
    page_bench(args, report, stamp, locust, pool)
    report["loadavg_after"] = os.getloadavg()
    out = RESULTS / f"{stamp}.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(markdown(report), flush=True)
    if not args.skip_login and args.login_duration > 0:
        # P-6 is "4 logins/s on 2 cores": Argon2 is the cost, a fresh server gets both CPUs.
        server = start_gunicorn(args.workers, RESULTS / f"gunicorn-{stamp}.log")
        try:
            report["login"] = login_capacity(args.login_rate, args.login_duration)
            report["lockout"] = lockout_cost(samples=15)
            report["hasher"] = hasher_cost()
        except requests.RequestException as exc:  # a saturated machine: the page figures above still stand
            log(f"mesure des connexions interrompue : {exc}")
        finally:
            stop(server)
        out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
        print(login_markdown(report))
    log(f"résultats : {out}")
    if report.get("hasher") and not report["hasher"]["within_band"]:
        log("le coût du hachage sort de la bande fixée (P-6) : revoir les paramètres d'Argon2")
        return 1
    return 0


def main_journey(args) -> int:
    """Same database, data and server as the page benchmark; locust instead of wrk."""
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    locust = ensure_locust()
    configure_environment()
    if not args.keep_data:
        recreate_database()
        log(f"base {DB_NAME} recréée")
        prepare_data(args.tier)
    else:
        import django

        django.setup()
        log(f"base {DB_NAME} gardée telle quelle (--keep-data)")
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    if args.tier:
        os.environ.update(journey_accounts(RESULTS / f"journey-{stamp}-comptes.txt", count=args.journey_users))
    # A shared, busy machine imports Django slowly (no bytecode cache here): give the workers time to boot.
    # With think times locust needs little CPU: --journey-both-cpus lets the server use both, as a real
    # server would (the login phase of the page bench does the same).
    both = f"{SERVER_CPU},{LOAD_CPU}"
    args.journey_cpus = ({"server": both, "locust": both} if args.journey_both_cpus
                         else {"server": SERVER_CPU, "locust": LOAD_CPU})
    server = start_gunicorn(args.workers, RESULTS / f"gunicorn-{stamp}.log", startup_seconds=180,
                            cpus=args.journey_cpus["server"])
    report = {
        "started": datetime.now().isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} CPU, {platform.platform()}, Python {platform.python_version()}",
        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip(),
        "workers": args.workers, "loadavg_before": os.getloadavg(),
    }
    try:
        report["journey"] = journey(locust, args, stamp)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report["loadavg_after"] = os.getloadavg()
    out = RESULTS / f"journey-{stamp}.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(journey_markdown(report))
    log(f"résultats : {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
