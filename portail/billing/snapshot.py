"""What an issued invoice shows, frozen at issue: seller, buyer (with the member's "Facturation" address when it
has one), legal mentions, payment reference and the service's bank account.

One JSON value on the invoice row, read back through these dataclasses: the two parties have the same shape (one
`Party` draws both the PDF blocks and the Factur-X parties), the snapshot is written once and read whole (never
queried field by field), and `from_json` refuses a value of another shape instead of printing blanks.

The builders read only plain fields of the objects they are given, so the data migration can call them with
historical models to freeze the invoices issued before snapshots existed.
"""

import gettext
import json
from dataclasses import asdict, dataclass, fields
from decimal import Decimal
from functools import cache
from typing import get_type_hints

import pycountry
from stdnum.fr import siren as stdnum_siren

from portail.billing.bank import BankDetails, payment_reference
from portail.core.formatting import money_fr

VERSION = 1
FRANCE = ("", "france")


class SnapshotError(ValueError):
    """A stored snapshot that does not have the shape of this version."""


@dataclass(frozen=True)
class Party:
    name: str
    siret: str = ""
    vat_number: str = ""
    street: tuple[str, ...] = ()
    postal_code: str = ""
    city: str = ""
    country: str = ""  # printed only outside France
    country_code: str = "FR"
    recipient: str = ""  # company and department of a "Facturation" address
    number: str = ""  # the member's number (buyer only)
    phone: str = ""

    @property
    def address_lines(self) -> list[str]:
        city_line = f"{self.postal_code} {self.city}".strip()
        return [line for line in [*self.street, city_line, self.country] if line]


@dataclass(frozen=True)
class PaymentDetails:
    terms_text: str
    reference: str
    bank: BankDetails
    creditor_id: str = ""  # the service's SEPA creditor identifier (ICS)


@dataclass(frozen=True)
class InvoiceSnapshot:
    seller: Party
    buyer: Party
    payment: PaymentDetails
    version: int = VERSION

    def to_json(self) -> dict:
        """JSON-native (tuples become lists), so the value compares equal to what the database gives back."""
        return json.loads(json.dumps(asdict(self)))

    @classmethod
    def from_json(cls, data) -> "InvoiceSnapshot":
        snapshot = _build(cls, data)
        if snapshot.version != VERSION:
            raise SnapshotError(f"snapshot version {snapshot.version}")
        return snapshot


def _build(cls, data):
    if not isinstance(data, dict) or set(data) != {f.name for f in fields(cls)}:
        raise SnapshotError(f"{cls.__name__}: unexpected keys {sorted(data) if isinstance(data, dict) else data!r}")
    hints = get_type_hints(cls)
    values = {}
    for name, kind in hints.items():
        value = data[name]
        if kind in (str, int):
            if type(value) is not kind:
                raise SnapshotError(f"{cls.__name__}.{name}: {kind.__name__} expected")
        elif kind == tuple[str, ...]:
            if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
                raise SnapshotError(f"{cls.__name__}.{name}: list of strings expected")
            value = tuple(value)
        else:
            value = _build(kind, value)
        values[name] = value
    return cls(**values)


def _vat_of_siret(siret: str) -> str:
    """As `Member.vat_number`, from the plain field (historical models have no properties)."""
    siren = (siret or "")[:9]
    return "FR" + stdnum_siren.to_tva(siren) if stdnum_siren.is_valid(siren) else ""


def _with_country(vat: str) -> str:
    vat = (vat or "").replace(" ", "")
    return f"FR{vat}" if vat and vat[:2].isdigit() else vat


@cache
def _french_country_names() -> dict[str, str]:
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    return {french.gettext(country.name).lower(): country.alpha_2 for country in pycountry.countries}


def _country(name: str) -> tuple[str, str]:
    """(printed name, ISO code) of an address's free-text country, typed in French or English ("Belgique",
    "Belgium", "BE"); France is implied and never printed. An unknown name is printed as typed, coded FR."""
    name = (name or "").strip()
    if name.lower() in FRANCE:
        return "", "FR"
    code = _french_country_names().get(name.lower())
    if code is None:
        try:
            code = pycountry.countries.lookup(name).alpha_2
        except LookupError:
            code = "FR"
    return name, code


def seller_party(service) -> Party:
    return Party(
        name=service.name, siret=service.siret, vat_number=_with_country(service.vat_number),
        street=tuple(line for line in (service.address_line1, service.address_line2) if line),
        postal_code=service.postal_code, city=service.city, phone=service.phone,
    )


def buyer_party(member, billing_address=None) -> Party:
    """The member's identity; its "Facturation" address when it has one, else the establishment's."""
    address = billing_address or member
    recipient = ""
    if billing_address is not None:
        recipient = " – ".join(part for part in (billing_address.company, billing_address.department) if part)
    country, code = _country(address.country)
    return Party(
        name=member.name, siret=member.siret, vat_number=_vat_of_siret(member.siret), number=member.number,
        street=tuple(line for line in (address.address_line1, address.address_line2, address.address_line3) if line),
        postal_code=address.postal_code, city=address.city, country=country, country_code=code, recipient=recipient,
    )


def terms_text(terms, *, total_ttc: Decimal) -> str:
    """The payment terms and late-payment mentions (code de commerce L441-10, D441-5) of the billing settings."""
    if total_ttc <= 0:
        head = "Avoir à imputer sur vos prochaines factures ou remboursable sur demande."
    else:
        head = f"Paiement à {terms.payment_terms_days} jours, au plus tard à la date d'exigibilité."
    return (
        f"{head} Pas d'escompte pour paiement anticipé. En cas de retard de paiement, pénalités au taux de "
        f"{terms.late_penalty_text}, exigibles de plein droit, et indemnité forfaitaire pour frais de "
        f"recouvrement de {money_fr(terms.recovery_indemnity)} (articles L441-10 et D441-5 du code de commerce)."
    )


def payment_details(*, terms, service, member_number: str, invoice_number: str, total_ttc: Decimal) -> PaymentDetails:
    return PaymentDetails(
        terms_text=terms_text(terms, total_ttc=total_ttc),
        reference=payment_reference(member_number=member_number, invoice_number=invoice_number),
        bank=BankDetails(holder=service.name, iban=terms.creditor_iban, bic=terms.creditor_bic),
        creditor_id=service.sepa_creditor_id,
    )


def snapshot_build(*, invoice, member, billing_address, service, terms) -> InvoiceSnapshot:
    """`invoice` has its number already; `terms` is the BillingSettings row."""
    return InvoiceSnapshot(
        seller=seller_party(service),
        buyer=buyer_party(member, billing_address),
        payment=payment_details(terms=terms, service=service, member_number=member.number,
                                invoice_number=invoice.number, total_ttc=invoice.total_ttc),
    )
