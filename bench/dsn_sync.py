"""Employee list sync from a DSN, and the CSV import (`python -m bench.dsn_sync`, DATABASE_URL pointing at a
scratch database; defaults: a 20,000-employee DSN, a 10,000-row CSV). Run it with DJANGO_DEBUG=0 as in production:
with DEBUG on, Django keeps (and formats) every query, bulk inserts of 1,000 rows included, which adds CPU and memory.

DSN, for one fictional member whose SIRET the synthetic file carries:
- upload: read the file once and keep the parsed result (what the upload page does);
- preview: read the stored file and plan the diff against the member's list (what the preview page computes);
- apply, first month: the whole company is new (20,000 hires written);
- apply, next month: hires, exits and job changes on top of the 20,000 (the monthly case);
- the same file again: nothing to write.
CSV, for another member: preview (every row checked with the screen's form) and the background apply through
the django-tasks job the page starts (the immediate backend runs it here, with its progress writes).
Each step runs in a child process of its own, as on the server (the upload in a web worker, the apply in a task
worker), which reports its wall time, CPU time and peak resident memory (Django loaded included); the synthetic
files are written by another child. Never part of the unit tests.
"""

import argparse
import multiprocessing
import os
import resource
import tempfile
import time
from datetime import date

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from portail.dsn import parse_dsn  # noqa: E402
from portail.dsn.testing import next_month, synthetic_dsn, write_dsn  # noqa: E402
from portail.members.tests.factories import MemberFactory  # noqa: E402
from portail.workforce import dsn_sync, import_files, import_tasks, imports  # noqa: E402
from portail.workforce import nir as nirlib  # noqa: E402
from portail.workforce.dsn_stored import dsn_seal, dsn_unseal  # noqa: E402
from portail.workforce.models import Employee  # noqa: E402

DSN_BUDGET = {"preview": 5.0, "apply": 15.0}
CSV_BUDGET = {"preview": 3.0, "apply": 10.0}
MEMORY_BUDGET_MB = 300


def _timed(label: str, budget: float, work):
    """Run `work` in a child process, as the server does (the upload in a web worker, the apply in a task worker):
    its wall time, its CPU time (the fairer figure on a shared, busy machine: the database's own work is in the wall
    time only) and its peak resident memory, which starts from this process's (Django loaded) at the fork. `work`
    returns a line to print (counts), or None."""
    reading, writing = multiprocessing.Pipe(duplex=False)
    connection.close()  # the child opens its own
    child = multiprocessing.get_context("fork").Process(target=_child, args=(work, writing))
    child.start()
    elapsed, cpu, peak, said = reading.recv()
    child.join()
    verdict = "" if elapsed <= budget else "  OVER BUDGET (wall)"
    memory = "" if peak <= MEMORY_BUDGET_MB else "  OVER BUDGET (memory)"
    print(f"{label}: {elapsed:.1f} s wall, {cpu:.1f} s CPU (budget {budget:.0f} s){verdict}, "
          f"peak {peak:.0f} MB{memory}", flush=True)
    if said:
        print(f"    {said}", flush=True)
    return peak


def _child(work, writing) -> None:
    start, cpu = time.perf_counter(), time.process_time()
    said = work()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    writing.send((elapsed, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, said))
    connection.close()


def _files(employees: int, directory: str) -> str:
    """Write the two months (in a child process, so that the generator's memory is not counted in the peak of
    the work measured); returns the SIRET they carry."""
    reading, writing = multiprocessing.Pipe(duplex=False)
    connection.close()
    child = multiprocessing.get_context("fork").Process(target=_generate, args=(employees, directory, writing))
    child.start()
    siret = reading.recv()
    child.join()
    return siret


def _generate(employees: int, directory: str, writing) -> None:
    january = synthetic_dsn(employees=employees, establishments=5, seed=20, hires=200, exits=150)
    siren, nic = january.dsn.establishments[0].siren, january.dsn.establishments[0].nic
    for establishment in january.dsn.establishments:
        establishment.nic = nic  # one establishment = one member: every employee on the member's SIRET
    february = next_month(january, seed=21, hires=250, exits=200, job_changes=400)
    _written(january, directory, "jan.dsn")
    _written(february, directory, "feb.dsn")
    writing.send(siren + nic)


def _written(generated, directory: str, name: str) -> str:
    path = os.path.join(directory, name)
    with open(path, "wb") as stream:
        write_dsn(generated, stream)
    return path


def _dsn_round(member, path: str, label: str, actor) -> list[float]:
    stored = f"{path}.json"

    def upload():  # what the upload does once: read the file, keep the parsed result, encrypted
        with open(path, "rb") as handle:
            dsn = parse_dsn(handle)
        with open(stored, "wb") as handle:
            handle.write(dsn_seal(dsn))

    def preview():
        with open(stored, "rb") as handle:
            dsn = dsn_unseal(handle.read())
        return str(dsn_sync.dsn_plan(member=member, dsn=dsn, establishments=dsn.establishments,
                                           nir_full=True).counts)

    def apply():
        with open(stored, "rb") as handle:
            dsn = dsn_unseal(handle.read())
        dsn_sync.dsn_apply(member=member, actor=actor, dsn=dsn, establishments=dsn.establishments,
                           choice=dsn_sync.DsnChoice(), nir_full=True)

    return [_timed(f"DSN {label}: upload (read once, parsed result kept)", DSN_BUDGET["preview"], upload),
            _timed(f"DSN {label}: preview", DSN_BUDGET["preview"], preview),
            _timed(f"DSN {label}: apply", DSN_BUDGET["apply"], apply)]


def bench_dsn(employees: int, directory: str) -> list[float]:
    member = MemberFactory(siret=_files(employees, directory))
    first, second = os.path.join(directory, "jan.dsn"), os.path.join(directory, "feb.dsn")
    print(f"DSN files: {os.path.getsize(first) / 2**20:.0f} MiB and {os.path.getsize(second) / 2**20:.0f} MiB "
          f"(written by a child process)")
    peaks = _dsn_round(member, first, "first month (all new)", None)
    peaks += _dsn_round(member, second, "next month", None)
    peaks += _dsn_round(member, second, "same file again", None)
    print(f"    employees of the member: {Employee.objects.filter(member=member).count()}")
    return peaks


def _csv(rows: int) -> bytes:
    header = "Nom de famille;Prénoms;Civilité;Date de naissance;N° de sécurité sociale;Date d'entrée;Emploi;" \
             "Code PCS-ESE;Nature du contrat;Date de sortie"
    lines = [header]
    for n in range(rows):
        birth = date(1960 + (n // 999) % 40, 1 + n % 12, 1 + n % 28)  # (year, order) pairs never repeat
        nir = nirlib.generate(sex="F", birth_date=birth, order=1 + n % 999)
        lines.append(f"NOM{n:05d};Claire;Mme;{birth:%d/%m/%Y};{nir};02/01/2019;Technicienne;389b;CDI;")
    return "\n".join(lines).encode()


def bench_csv(rows: int) -> None:
    member = MemberFactory()
    content = _csv(rows)
    mapping = imports.auto_mapping(import_files.read_rows(name="paie.csv", content=content)[0])
    _timed(f"CSV {rows} rows: preview", CSV_BUDGET["preview"],
           lambda: str(imports.plan_import(member=member, name="paie.csv", content=content, mapping=mapping,
                                           nir_full=True).counts))
    path = default_storage.save(f"imports/{member.pk}/bench", ContentFile(nirlib.encrypt_bytes(content)))

    def apply():
        job = import_tasks.import_job_start(member=member, actor=None, name="paie.csv", path=path, mapping=mapping,
                                            total=rows)
        job.refresh_from_db()
        return f"job {job.status}: {job.counts} {job.errors[:2]}"

    _timed(f"CSV {rows} rows: background apply", CSV_BUDGET["apply"], apply)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=20_000)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    with scopes_disabled(), tempfile.TemporaryDirectory() as directory:
        settings.MEDIA_ROOT = directory
        peaks = bench_dsn(args.employees, directory)
        bench_csv(args.rows)
    print(f"peak resident memory of a DSN step: {max(peaks):.0f} MB (budget {MEMORY_BUDGET_MB} MB)")


if __name__ == "__main__":
    main()
