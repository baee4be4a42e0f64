"""A parsed DSN kept between the steps of an import: `dump_dsn` at upload, `load_dsn` at preview and apply.

Reading a 20,000-employee file takes seconds (millions of lines); what the portal keeps of it is a few
megabytes of JSON, read back in a fraction of that. Plain JSON of lists in a fixed order (no pickle: what is
read back is data, never code); a stored form of another version, or damaged, is a `DsnError`. It holds every
employee's NIR and name in clear: the portal never writes it as is, but encrypted (`portail.workforce.dsn_stored`).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from .errors import Anomaly, DsnError
from .model import Contract, ContractEnd, DsnFile, Establishment, Individual

VERSION = 1
UNREADABLE = "le fichier déposé n'est plus lisible : déposez-le de nouveau."


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _contract(c: Contract) -> list[Any]:
    end = [_day(c.end.end_date), c.end.motive, c.end.line] if c.end is not None else None
    return [_day(c.start_date), c.number, c.nature, c.job_title, c.pcs_ese, c.pcs_ese_complement,
            c.conventional_status, c.policy, c.recourse, _day(c.expected_end_date), end, c.line]


def _individual(i: Individual) -> list[Any]:
    return [i.nir, i.birth_name, i.first_names, _day(i.birth_date), i.sex, i.usage_name, i.temporary_number,
            i.staff_number, i.nir_valid, [_contract(c) for c in i.contracts], i.line]


def dump_dsn(dsn: DsnFile) -> bytes:
    return json.dumps({
        "version": VERSION, "month": _day(dsn.month), "software": dsn.software, "norm": dsn.norm_version,
        "test": dsn.test, "encoding": dsn.encoding, "anomalies": [[a.line, a.message] for a in dsn.anomalies],
        "establishments": [
            [e.siren, e.nic, e.declaration_nature, e.declaration_type, e.declaration_fraction, e.line,
             [_individual(i) for i in e.individuals]]
            for e in dsn.establishments
        ],
    }, ensure_ascii=False, separators=(",", ":")).encode()


def _load_contract(row: list[Any]) -> Contract:
    start, number, nature, job, pcs, complement, status, policy, recourse, expected, end, line = row
    return Contract(
        start_date=date.fromisoformat(start), number=number, nature=nature, job_title=job, pcs_ese=pcs,
        pcs_ese_complement=complement, conventional_status=status, policy=policy, recourse=recourse,
        expected_end_date=_date(expected), line=line,
        end=ContractEnd(end_date=date.fromisoformat(end[0]), motive=end[1], line=end[2]) if end else None,
    )


def _load_individual(row: list[Any]) -> Individual:
    nir, birth_name, first_names, birth, sex, usage, temporary, staff, valid, contracts, line = row
    return Individual(nir=nir, birth_name=birth_name, first_names=first_names, birth_date=_date(birth), sex=sex,
                      usage_name=usage, temporary_number=temporary, staff_number=staff, nir_valid=valid,
                      contracts=[_load_contract(c) for c in contracts], line=line)


def load_dsn(content: bytes) -> DsnFile:
    try:
        data = json.loads(content)
        if data.get("version") != VERSION:
            raise DsnError(UNREADABLE)
        return DsnFile(
            month=date.fromisoformat(data["month"]), software=data["software"], norm_version=data["norm"],
            test=data["test"], encoding=data["encoding"],
            anomalies=[Anomaly(line, message) for line, message in data["anomalies"]],
            establishments=[
                Establishment(siren=siren, nic=nic, declaration_nature=nature, declaration_type=kind,
                              declaration_fraction=fraction, line=line,
                              individuals=[_load_individual(i) for i in individuals])
                for siren, nic, nature, kind, fraction, line, individuals in data["establishments"]
            ],
        )
    except DsnError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError):
        raise DsnError(UNREADABLE) from None
