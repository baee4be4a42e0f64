"""Build valid French identifiers for demo and test data (checksums by python-stdnum)."""

from stdnum import luhn


def siren_from(prefix8: str) -> str:
    return prefix8 + luhn.calc_check_digit(prefix8)


def siret_from(siren: str, nic4: str) -> str:
    """The 14th digit makes the whole SIRET Luhn-valid."""
    base = siren + nic4
    return base + luhn.calc_check_digit(base)
