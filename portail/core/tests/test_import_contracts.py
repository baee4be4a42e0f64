"""The import contracts of .importlinter (what `lint-imports` checks in `make check`) hold, and cover every app."""

from pathlib import Path

from importlinter import api
from importlinter.application.use_cases import lint_imports

ROOT = Path(__file__).resolve().parents[3]
CONFIG = str(ROOT / ".importlinter")
NOT_APPS = {"security_tests"}  # a package of tests, not an app


def test_every_import_contract_is_kept(capsys):
    kept = lint_imports(config_filename=CONFIG, cache_dir=None, no_logo=True)
    assert kept, capsys.readouterr().out  # the report names each broken contract and the imports that break it


def test_every_app_has_a_layer():
    """A new app outside the layers would be free to import anything: it must be placed."""
    contracts = api.read_configuration(CONFIG)["contracts_options"]
    layers = next(contract["layers"] for contract in contracts if contract["type"] == "layers")
    placed = {name.strip() for layer in layers for name in layer.split("|")}
    apps = {path.parent.name for path in (ROOT / "portail").glob("*/__init__.py")} - NOT_APPS
    assert apps == placed
