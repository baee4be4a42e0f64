"""Issue 20: the demo member 100001 drops its monthly DSN, reads the preview (hires, the exit of a known employee),
applies it, and finds the list updated. axe-core on every page."""

import re
from datetime import date

from django_scopes import scopes_disabled
from playwright.sync_api import expect

from e2e.conftest import axe_check
from portail.dsn.model import Contract, ContractEnd, DsnFile, Establishment, Individual
from portail.dsn.testing import dsn_bytes
from portail.workforce.dsn_sync import dsn_month_label

# The demo data is dated from today: the DSN is this month's, the known employee leaves today.
TODAY = date.today()
MONTH = TODAY.replace(day=1)


def _demo_dsn(tmp_path):
    from portail.members.models import Member
    from portail.workforce import nir as nirlib
    from portail.workforce.models import Employee

    with scopes_disabled():
        member = Member.objects.get(number="100001")
        known = Employee.objects.filter(member=member, exit_date__isnull=True).exclude(nir_hash="").first()
        known_nir = nirlib.decrypt(known.nir_encrypted)[:13]
    leaving = Individual(nir=known_nir, birth_name=known.birth_name, first_names=known.first_name,
                         birth_date=known.birth_date, sex=known.sex, contracts=[Contract(
                             start_date=known.hire_date, number="1", nature="01", job_title=known.job_title,
                             end=ContractEnd(end_date=TODAY, motive="059"))])
    hired = Individual(nir=nirlib.generate(sex="F", birth_date=date(1995, 6, 1), order=777)[:13],
                       birth_name="NOUVELLE", first_names="ARRIVEE", birth_date=date(1995, 6, 1), sex="F",
                       contracts=[Contract(start_date=MONTH, number="2", nature="01",
                                           job_title="Préparatrice de commandes", pcs_ese="676a")])
    dsn = DsnFile(month=MONTH, establishments=[Establishment(
        siren=member.siret[:9], nic=member.siret[9:], individuals=[leaving, hired])])
    path = tmp_path / "DSN_du_mois.txt"
    path.write_bytes(dsn_bytes(dsn))
    return path, known


def test_member_imports_its_dsn_and_the_list_follows(page, demo_data, login, tmp_path):
    path, known = _demo_dsn(tmp_path)
    login(page, "100001", "Demo-Adherent-2026")
    page.get_by_role("link", name=re.compile("Liste de vos salariés")).click()
    page.get_by_role("link", name="Importer une DSN").click()
    axe_check(page)
    page.get_by_label(re.compile("Fichier\\(s\\) DSN mensuelle\\(s\\)")).set_input_files(str(path))
    page.get_by_role("button", name="Continuer").click()

    expect(page.get_by_role("heading", name=f"Aperçu de la DSN de {dsn_month_label(MONTH)}")).to_be_visible()
    expect(page.get_by_test_id("dsn-counts")).to_contain_text("1 entrée, 1 sortie,")
    expect(page.get_by_role("heading", name="Nouveaux salariés (entrées) (1)")).to_be_visible()
    expect(page.get_by_role("cell", name="NOUVELLE ARRIVEE", exact=True)).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Appliquer les changements cochés").click()

    expect(page.get_by_text(re.compile(f"DSN de {dsn_month_label(MONTH)} appliquée : 1 entrée, 1 sortie,"))).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="NOUVELLE")).to_have_count(1)
    axe_check(page)
