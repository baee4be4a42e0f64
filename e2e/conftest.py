"""Browser journeys: Playwright (Python) driving Debian's chromium against the live server.

Without /usr/bin/chromium (or axe-core) the journeys are skipped locally, named in a summary at the end of the
run, and fail under CI=true.
"""

import os
import re
from datetime import datetime
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
IN_CI = os.environ.get("CI", "").lower() == "true"


SKIP_PREFIX = "parcours navigateur ignoré"


def missing_tools() -> list[str]:
    """What the journeys lack, and how to get it, in the words `make test` and pytest print."""
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"chromium absent ({CHROMIUM} : apt-get install chromium, ou CHROMIUM_PATH)")
    if not AXE.exists():
        missing.append(f"axe-core absent ({AXE.relative_to(AXE.parents[2])} : npm ci, que make test lance si npm est là)")
    return missing


def pytest_collection_modifyitems(config, items):
    missing = missing_tools()
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            if missing and not IN_CI:
                item.add_marker(pytest.mark.skip(reason=f"{SKIP_PREFIX} : {' ; '.join(missing)}"))


def pytest_terminal_summary(terminalreporter):
    """Say loudly, at the end where it is read, which journeys did not run (from the reports, so that
    it also works under xdist, whose workers collect)."""
    skipped = [r for r in terminalreporter.stats.get("skipped", [])
               if isinstance(r.longrepr, tuple) and r.longrepr[2].startswith(f"Skipped: {SKIP_PREFIX}")]
    if not skipped:
        return
    terminalreporter.section("PARCOURS NAVIGATEUR IGNORÉS", sep="!", red=True, bold=True)
    terminalreporter.write_line(f"{len(skipped)} parcours navigateur n'ont PAS été vérifiés : {' ; '.join(missing_tools())}.",
                                red=True, bold=True)
    for report in sorted(skipped, key=lambda r: r.nodeid):
        terminalreporter.write_line(f"  {report.nodeid}")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Every route any journey loads, for the page-coverage check (e2e/test_zz_page_coverage.py).
VISITED_ROUTES: set[str] = set()


def record_routes(page) -> None:
    import contextlib
    from urllib.parse import urlsplit

    from django.urls import resolve
    from django.urls.exceptions import Resolver404

    def _record(request):
        path = urlsplit(request.url).path
        if not path.startswith("/static/"):
            with contextlib.suppress(Resolver404):
                VISITED_ROUTES.add(resolve(path).route)

    page.on("request", _record)


def fetch(page, path: str) -> bytes:
    """A download (PDF, CSV…) with the page's session: checked, and recorded as visited."""
    from urllib.parse import urlsplit

    from django.urls import resolve

    response = page.request.get(path)
    assert response.ok, f"{path} : {response.status}"
    VISITED_ROUTES.add(resolve(urlsplit(path).path).route)
    return response.body()


# What the browser refuses and says only in its console: a style or script our Content-Security-Policy blocks (a
# page that does not look or work as built), a value a date or time field cannot show (the field looks empty and
# the form leaves without it).
REFUSALS = ("Content Security Policy", "does not conform to the required format")


def record_refusals(page) -> list[str]:
    refused = []
    page.on("console", lambda message: refused.append(f"{page.url} : {message.text}")
            if any(marker in message.text for marker in REFUSALS) else None)
    return refused


def _checked_page(browser, live_server, *, width: int, height: int):
    """A French page on the live server whose routes are recorded; fails, once closed, if the browser refused
    anything on it."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport={"width": width, "height": height})
    page = context.new_page()
    record_routes(page)
    refused = record_refusals(page)
    page.set_default_timeout(10_000)
    yield page
    context.close()
    assert not refused, "refusé par le navigateur : " + " | ".join(refused[:3])


@pytest.fixture
def page(browser, live_server, settings):
    settings.AXES_ENABLED = False
    yield from _checked_page(browser, live_server, width=1280, height=900)


@pytest.fixture
def mobile_page(browser, live_server):
    yield from _checked_page(browser, live_server, width=375, height=800)


def login(page, username: str, password: str, *, mandataire: bool = False) -> None:
    page.goto("/connexion/")
    page.get_by_label("N° adhérent").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    if mandataire:
        page.get_by_label("Je dispose d'une connexion en tant que mandataire").check()
    page.get_by_role("button", name="Se connecter").click()


def axe_check(page) -> list[dict]:
    """Run axe-core on the current page; fail on any serious or critical violation."""
    page.evaluate(AXE.read_text())  # evaluate() is not subject to the page's CSP
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, "axe-core : " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} → {[n['target'] for n in v['nodes'][:3]]}" for v in bad
    )
    return result["violations"]


@pytest.fixture
def demo_data(transactional_db):
    """The same demo data a user of `make run` sees."""
    from django.core.management import call_command

    call_command("demo_data", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture(name="login")
def _login_fixture():
    return login


@pytest.fixture(name="axe_check")
def _axe_fixture():
    return axe_check


def demo_totp_code() -> str:
    import re
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("demo_totp", stdout=out)
    return re.search(r": (\d{6})", out.getvalue()).group(1)


def staff_login(page, path: str = "/gestion/") -> None:
    """The demo staff account through password and second factor; lands back on `path`."""
    page.goto(path)
    page.get_by_label("Identifiant").fill("staff.demo")
    page.get_by_label("Mot de passe").fill("Demo-Staff-2026-Secure")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_label("Code à 6 chiffres ou code de secours").fill(demo_totp_code())
    page.get_by_role("button", name="Valider").click()


def complete_flagged_employees(page, *, on_each_form=lambda page: None) -> None:
    """On a declaration: completes every employee it flags incomplete (the PCS code, the job when empty), back
    on the declaration each time. `on_each_form(page)` runs on each form before it is filled."""
    from playwright.sync_api import expect

    # The rows are counted once the page has loaded: Chromium parses a long page in steps, and a count taken
    # when the message at its top shows can miss the rows below.
    page.wait_for_load_state()
    while page.get_by_role("link", name=re.compile("^Compléter")).count():
        page.get_by_role("link", name=re.compile("^Compléter")).first.click()
        on_each_form(page)
        page.get_by_label("Code PCS").fill("344B")
        job = page.get_by_label("Poste de travail")
        if not job.input_value():
            job.fill("Employé administratif")
        page.get_by_role("button", name="Enregistrer et revenir à la déclaration").click()
        expect(page.get_by_text(re.compile("a été complétée"))).to_be_visible()
        page.wait_for_load_state()


def declare_expired_contracts_exits(page) -> None:
    """On a declaration: declares the exit of each fixed-term contract over before the reference date, on the
    date it ended, in its row (htmx); the total count drops by one each time."""
    from playwright.sync_api import expect

    expired = page.locator("tr.decl-flagged", has_text="a pris fin")
    expect(expired.first).to_be_visible()
    while expired.count():
        row = expired.first
        before = page.get_by_test_id("count-total").inner_text()
        end = re.search(r"jusqu'au (\d\d/\d\d/\d{4})", row.inner_text()).group(1)
        row.get_by_role("link", name=re.compile("Déclarer la sortie")).click()  # the form opens in its row
        row.get_by_label("Date de sortie").fill(datetime.strptime(end, "%d/%m/%Y").date().isoformat())
        row.get_by_label("Motif de sortie").select_option(label="fin de CDD")
        row.get_by_role("button", name=re.compile("Confirmer la sortie")).click()
        expect(page.get_by_test_id("count-total")).to_have_text(str(int(before) - 1))


def sign_sepa_mandate(page, *, iban: str) -> None:
    """Fills the SEPA mandate form (the prospect's account), ticks the authorisation and signs."""
    page.get_by_label("Titulaire du compte").fill("TEST PROSPECT")
    page.get_by_label("IBAN").fill(iban)
    page.get_by_label("Adresse du titulaire").fill("12 rue de la République")
    page.get_by_label("Code postal").fill("13001")
    page.get_by_label("Ville").fill("MARSEILLE")
    page.get_by_label(re.compile("J'autorise le service")).check()
    page.get_by_role("button", name="Signer le mandat").click()


@pytest.fixture(name="staff_login")
def _staff_login_fixture():
    return staff_login
