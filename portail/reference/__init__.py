"""Reference nomenclatures: NAF rév. 2, PCS-ESE 2017, French postal codes.

Pure Python (no Django import) so it can be used from models, forms,
management commands and scripts alike. Data files live in `data/` (see
`data/SOURCES.md`) and are read lazily, once per process, on first use;
importing this package reads nothing.
"""

from .naf import NafCode, naf_all, naf_division, naf_get, naf_normalize, naf_search, naf_section
from .pcs import PcsCode, pcs_all, pcs_category, pcs_get, pcs_group, pcs_normalize, pcs_search
from .postal_codes import (
    Commune,
    city_matches,
    communes_for,
    is_known_postal_code,
    postal_code_normalize,
)
from .text import fold

__all__ = [
    "Commune",
    "NafCode",
    "PcsCode",
    "city_matches",
    "communes_for",
    "fold",
    "is_known_postal_code",
    "naf_all",
    "naf_division",
    "naf_get",
    "naf_normalize",
    "naf_search",
    "naf_section",
    "pcs_all",
    "pcs_category",
    "pcs_get",
    "pcs_group",
    "pcs_normalize",
    "pcs_search",
    "postal_code_normalize",
]
