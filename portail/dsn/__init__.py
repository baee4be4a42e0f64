"""DSN (déclaration sociale nominative, norme NEODeS) reader: the employees a member declares each month.

Pure Python (no Django), like `portail.followup`: `parse_dsn(source)` streams the file once and returns
a `DsnFile` (establishments → individuals → contracts → contract ends) or raises `DsnError` with a French
message and the line number. Rubrics relied upon and their sources: README.md in this folder.
"""

from .contracts import contract_kind, exit_reason
from .errors import Anomaly, DsnError
from .model import Contract, ContractEnd, DsnFile, Establishment, Individual
from .parser import parse_dsn
from .stored import dump_dsn, load_dsn

__all__ = [
    "Anomaly",
    "Contract",
    "ContractEnd",
    "DsnError",
    "DsnFile",
    "Establishment",
    "Individual",
    "contract_kind",
    "dump_dsn",
    "exit_reason",
    "load_dsn",
    "parse_dsn",
]
