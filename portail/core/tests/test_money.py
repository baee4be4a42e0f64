"""One rounding for every amount: to the cent, half up, as the invoices, Factur-X and the FEC expect."""

from decimal import Decimal

import pytest

from portail.core.money import cents


@pytest.mark.parametrize(("value", "expected"), [
    ("0.125", "0.13"),  # half up, not to even (0.12)
    ("0.135", "0.14"),
    ("-0.125", "-0.13"),  # symmetric: a credit note rounds as its invoice
    (Decimal("1800"), "1800.00"),
    (7, "7.00"),
    (0.1 + 0.2, "0.30"),  # a float is read as it prints, not as its binary value
])
def test_amounts_are_rounded_to_the_cent_half_up(value, expected):
    assert cents(value) == Decimal(expected) and str(cents(value)) == expected
