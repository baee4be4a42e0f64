"""Hand-written DSN envois for the error cases: small lists of lines a test can break one at a time."""

from __future__ import annotations

SIREN, NIC = "776186389", "00024"  # SIRET 77618638900024, valid (REFERENCE.md seed check)
# Commune code 000 is never assigned by INSEE: a fictitious NIR, valid for python-stdnum.
NIR = "1790275000123"


def envoi_header(*, test: bool = False) -> list[str]:
    return ["S10.G00.00.001,'PAIE'", f"S10.G00.00.005,'{'01' if test else '02'}'", "S10.G00.00.006,'P26V01'"]


def declaration(*, month: str = "01012026", siren: str = SIREN, nic: str = NIC, nature: str = "01",
                fraction: str = "11") -> list[str]:
    return [
        f"S20.G00.05.001,'{nature}'", "S20.G00.05.002,'01'", f"S20.G00.05.003,'{fraction}'",
        f"S20.G00.05.005,'{month}'",
        f"S21.G00.06.001,'{siren}'", f"S21.G00.11.001,'{nic}'",
    ]


def individual(*, nir: str = NIR, name: str = "DUPONT", first: str = "Jean", sex: str = "01",
               birth: str = "15021979") -> list[str]:
    lines = [f"S21.G00.30.001,'{nir}'", f"S21.G00.30.002,'{name}'", f"S21.G00.30.004,'{first}'",
             f"S21.G00.30.005,'{sex}'", f"S21.G00.30.006,'{birth}'"]
    return [line for line in lines if not line.endswith(",''")]


def contract(*, start: str = "01012015", nature: str = "01", number: str = "00001", policy: str = "99",
             end: str | None = None, motive: str = "059") -> list[str]:
    lines = [f"S21.G00.40.001,'{start}'", "S21.G00.40.004,'344b'", "S21.G00.40.006,'MEDECIN'",
             f"S21.G00.40.007,'{nature}'", f"S21.G00.40.008,'{policy}'", f"S21.G00.40.009,'{number}'"]
    if end:
        lines += [f"S21.G00.62.001,'{end}'", f"S21.G00.62.002,'{motive}'"]
    return lines


def trailer(count: int, declarations: int = 1) -> list[str]:
    return [f"S90.G00.90.001,'{count}'", f"S90.G00.90.002,'{declarations}'"]


def minimal_lines() -> list[str]:
    return [*envoi_header(), *declaration(), *individual(), *contract()]


def envoi(lines: list[str], *, declarations: int | None = None, encoding: str = "iso-8859-1") -> bytes:
    """`lines` plus a correct S90 trailer, CRLF-separated, encoded."""
    if declarations is None:
        declarations = sum(1 for line in lines if line.startswith("S20.G00.05.001"))
    full = [*lines, *trailer(len(lines) + 2, declarations)]
    return "".join(f"{line}\r\n" for line in full).encode(encoding)


def line_number(data: bytes, prefix: str, occurrence: int = 1) -> int:
    """1-based number of the `occurrence`-th line starting with `prefix`."""
    seen = 0
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.startswith(prefix.encode()):
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"no line {prefix}")
