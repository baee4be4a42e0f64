"""Amounts in euros: every amount the portal computes is rounded to the cent, half up (commercial rounding, as
invoices, Factur-X and the FEC expect), here and nowhere else."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def cents(value: Decimal | int | float | str) -> Decimal:
    """`value` rounded to the cent, half up: `cents("0.125")` → `Decimal("0.13")`."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
