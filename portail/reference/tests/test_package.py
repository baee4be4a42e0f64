import subprocess
import sys
from pathlib import Path

# Repository root, so that `portail` is importable whatever pytest's cwd is.
ROOT = Path(__file__).resolve().parents[3]


def test_import_loads_nothing_and_needs_no_django():
    code = (
        "import sys, portail.reference as r\n"
        "from portail.reference import naf, pcs, postal_codes\n"
        "assert 'django' not in sys.modules\n"
        "assert naf._data.cache_info().currsize == 0\n"
        "assert pcs._data.cache_info().currsize == 0\n"
        "assert postal_codes._index.cache_info().currsize == 0\n"
        "assert r.naf_get('8621Z').code == '86.21Z'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
