"""The service's bank account (transfers in, direct debits collected) and the payment reference members type
in a transfer. One place for both: invoices freeze them at issue, the échéancier shows the current ones."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from stdnum import bic as stdnum_bic
from stdnum.eu import at_02 as stdnum_creditor_id
from stdnum.exceptions import ValidationError as StdnumError


@dataclass(frozen=True)
class BankDetails:
    holder: str
    iban: str = ""
    bic: str = ""

    @property
    def is_set(self) -> bool:
        return bool(self.iban)

    @property
    def iban_display(self) -> str:
        """Groups of four, as banks print it (no checksum involved: the value was validated when saved)."""
        return " ".join(self.iban[i:i + 4] for i in range(0, len(self.iban), 4))


def payment_reference(*, member_number: str, invoice_number: str) -> str:
    """What a member types as the transfer's label: short, only characters every bank accepts (SEPA
    remittance information), and enough for staff to match it to one invoice of one member."""
    return f"{member_number}-{invoice_number}"


def iban_message(exc: Exception) -> str:
    name = type(exc).__name__
    if name == "InvalidChecksumDigits":
        return "La clé de contrôle de l'IBAN est fausse : vérifiez les caractères saisis."
    if name == "InvalidBBANChecksum":
        return "La clé RIB contenue dans l'IBAN est fausse : vérifiez le numéro de compte et la clé."
    if name in ("InvalidLength", "InvalidStructure"):
        return "La longueur ou la forme de cet IBAN ne correspond pas à son pays (27 caractères pour la France)."
    if name == "InvalidCountryCode":
        return "Le code pays de cet IBAN est inconnu."
    return "Cet IBAN n'est pas valide."


def iban_compact(value: str) -> str:
    """The IBAN without spaces, checked with its national (RIB) key; a French message otherwise."""
    compact = value.replace(" ", "").replace("-", "").upper()
    try:
        return str(IBAN(compact, validate_bban=True).compact)
    except SchwiftyException as exc:
        raise ValidationError(iban_message(exc)) from exc


def bic_compact(value: str) -> str:
    try:
        return stdnum_bic.validate(value.replace(" ", "").upper())
    except StdnumError as exc:
        raise ValidationError("Ce BIC n'est pas valide (8 ou 11 caractères, par exemple BNPAFRPPXXX).") from exc


def creditor_id_compact(value: str) -> str:
    """The SEPA creditor identifier (ICS, EPC "AT-02") checked by python-stdnum, compact and upper-case."""
    try:
        return stdnum_creditor_id.validate(value)
    except StdnumError as exc:
        raise ValidationError("Cet identifiant créancier SEPA (ICS) n'est pas valide : 13 caractères pour la France, "
                              "par exemple FR72ZZZ123456 (vérifiez la clé).") from exc


def validate_iban(value: str) -> None:
    """Model-field validator: every form saving the service's IBAN checks it."""
    if value:
        iban_compact(value)


def validate_bic(value: str) -> None:
    if value:
        bic_compact(value)
