"""DSN reader throughput and memory (`python -m bench.dsn_parse`, defaults: 20,000 employees, 5 establishments).

Writes a synthetic monthly DSN (portail.dsn.testing, with remuneration and contribution blocks as a
payroll software writes them) to a temporary file, then parses it in a fresh child process, so the figures
cover the parse alone:
- wall and CPU time of `parse_dsn(path)`, best of `--rounds` (CPU time is the fairer figure on a shared,
  busy machine);
- peak resident memory of that child (ru_maxrss, interpreter included) and its peak traced Python
  allocations (tracemalloc, in a separate round since tracing slows the parse).
Never part of the unit tests: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from portail.dsn import parse_dsn

BUDGET_MIB = 300


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=20_000)
    parser.add_argument("--establishments", type=int, default=5)
    parser.add_argument("--encoding", default="iso-8859-1", choices=["iso-8859-1", "utf-8"])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_measure(args.child, args.rounds)))
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dsn.txt"
        lines = _write(path, args)
        result = _child(path, args.rounds)
    _report(args, path, lines, result)


def _write(path: Path, args: argparse.Namespace) -> int:
    # Imported here so the measuring child carries neither Faker nor the generator.
    from portail.dsn.testing import synthetic_dsn, write_dsn

    generated = synthetic_dsn(employees=args.employees, establishments=args.establishments, seed=1,
                              hires=args.employees // 50, exits=args.employees // 50)
    with path.open("wb") as stream:
        lines = write_dsn(generated, stream, encoding=args.encoding)
    args.size_mib = path.stat().st_size / 2**20
    return lines


def _child(path: Path, rounds: int) -> dict:
    command = [sys.executable, "-m", "bench.dsn_parse", "--child", str(path), "--rounds", str(rounds)]
    completed = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(completed.stdout)


def _measure(path: Path, rounds: int) -> dict:
    timings, cpu_timings, individuals = [], [], 0
    for _ in range(rounds):
        started, cpu_started = time.perf_counter(), time.process_time()
        dsn = parse_dsn(path)
        timings.append(time.perf_counter() - started)
        cpu_timings.append(time.process_time() - cpu_started)
        individuals = sum(1 for _ in dsn.individuals())
        del dsn
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    dsn = parse_dsn(path)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"seconds": min(timings), "cpu_seconds": min(cpu_timings), "individuals": individuals, "rss_mib": rss_mib,
            "traced_mib": traced_peak / 2**20, "anomalies": len(dsn.anomalies)}


def _report(args: argparse.Namespace, path: Path, lines: int, result: dict) -> None:
    seconds = result["seconds"]
    print(f"DSN synthétique : {result['individuals']} salariés, {args.establishments} établissements, "
          f"{lines} lignes, {args.size_mib:.1f} Mio ({args.encoding})")
    print(f"Lecture : {seconds:.2f} s écoulées, {result['cpu_seconds']:.2f} s CPU (meilleur de {args.rounds}), "
          f"{lines / result['cpu_seconds']:,.0f} lignes/s CPU, {result['individuals'] / seconds:,.0f} salariés/s")
    print(f"Mémoire : pic résident {result['rss_mib']:.0f} Mio (interpréteur compris), "
          f"pic alloué Python {result['traced_mib']:.0f} Mio — budget {BUDGET_MIB} Mio")
    if result["rss_mib"] > BUDGET_MIB:
        sys.exit(f"Au-delà du budget de {BUDGET_MIB} Mio.")


if __name__ == "__main__":
    main()
