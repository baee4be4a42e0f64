"""Named users of a company: e-mail login with the usual password rules and lockout, roles per company,
a person in several companies switching like a mandataire."""

import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from portail.accounts.roles import Role
from portail.accounts.tests.factories import PASSWORD, MembershipFactory, NamedUserFactory, client_acting_for
from portail.accounts.tests.test_lockout import LOCKED_TEXT, WRONG, post_login
from portail.audit.models import Event
from portail.workforce import nir as nirlib
from portail.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
NIR = nirlib.generate(sex="F", birth_date=date(1985, 4, 12), order=417)


def test_named_user_logs_in_with_email_in_any_case_and_lands_in_their_company(member_a):
    membership = MembershipFactory(member=member_a, role=Role.HR, user__username="rh@exemple.fr")
    response = Client().post("/connexion/", {"username": " RH@Exemple.fr ", "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/"
    assert "ENTREPRISE A" in response.content.decode()
    assert "Salariés / RH" in response.content.decode()
    assert Event.objects.filter(action="auth.login", actor=membership.user).exists()


def test_member_number_login_still_works_beside_email_logins(member_admin):
    response = Client().post("/connexion/", {"username": member_admin.username, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.usefixtures("axes_on")
def test_email_login_is_locked_out_after_five_failures_whatever_the_case(member_a):
    MembershipFactory(member=member_a, user__username="compta@exemple.fr")
    client = Client()
    for login in ("compta@exemple.fr", "COMPTA@exemple.fr", "Compta@Exemple.fr", "compta@EXEMPLE.FR",
                  "compta@exemple.fr"):
        post_login(client, login, WRONG)
    response = post_login(client, "Compta@exemple.fr")
    assert response.status_code == 429
    assert LOCKED_TEXT in response.content.decode()


def test_deactivated_membership_loses_the_company_at_the_next_request(member_a):
    membership = MembershipFactory(member=member_a, role=Role.ADMIN)
    client = client_acting_for(membership.user, member_a)
    assert client.get("/").status_code == 200
    membership.is_active = False
    membership.save()
    assert client.get("/").url.startswith(reverse("accounts:choose_member"))


def test_person_of_two_companies_chooses_then_switches(member_a, member_b):
    person = NamedUserFactory(username="groupe@exemple.fr")
    MembershipFactory(user=person, member=member_a, role=Role.HR)
    MembershipFactory(user=person, member=member_b, role=Role.ACCOUNTING)
    client = Client()
    response = client.post("/connexion/", {"username": "groupe@exemple.fr", "password": PASSWORD})
    assert response.url == reverse("accounts:choose_member")
    chooser = client.get(reverse("accounts:choose_member")).content.decode()
    assert "ENTREPRISE A" in chooser and "ENTREPRISE B" in chooser
    client.post(reverse("accounts:switch_member"), {"member": member_b.pk})
    # Comptabilité in B: invoices yes, employees no.
    assert client.get(reverse("billing:invoices")).status_code == 200
    assert client.get(reverse("workforce:list")).status_code == 403
    client.post(reverse("accounts:switch_member"), {"member": member_a.pk})
    assert client.get(reverse("workforce:list")).status_code == 200
    assert client.get(reverse("billing:invoices")).status_code == 403


def test_outsider_cannot_switch_to_a_company_without_membership(member_a, member_b):
    membership = MembershipFactory(member=member_a)
    client = client_acting_for(membership.user, member_a)
    assert client.post(reverse("accounts:switch_member"), {"member": member_b.pk}).status_code == 404


def test_menu_shows_only_the_tabs_of_the_role(member_a):
    client = client_acting_for(MembershipFactory(member=member_a, role=Role.ACCOUNTING).user, member_a)
    page = client.get("/").content.decode()
    assert reverse("billing:invoices") in page
    assert reverse("workforce:list") not in page
    assert reverse("accounts:users") not in page


@pytest.mark.parametrize(("role", "clear"), [(Role.ADMIN, True), (Role.HR, True), (Role.READ_ONLY, False)])
def test_nir_reveal_and_exports_follow_the_role(member_a, role, clear):
    employee = EmployeeFactory(member=member_a, sex="F", birth_date=date(1985, 4, 12), nir=NIR)
    client = client_acting_for(MembershipFactory(member=member_a, role=role).user, member_a)
    reveal = client.post(reverse("workforce:nir_reveal", args=[employee.pk]))
    assert reveal.status_code == (200 if clear else 403)
    export = client.get(reverse("workforce:export_xlsx"))
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    text = "\n".join(";".join(str(v) for v in row) for row in sheet.iter_rows(values_only=True))
    assert (NIR in text) is clear
    assert (nirlib.mask(NIR) in text) is not clear


def test_read_only_role_reads_but_cannot_write(member_a):
    client = client_acting_for(MembershipFactory(member=member_a, role=Role.READ_ONLY).user, member_a)
    assert client.get(reverse("workforce:list")).status_code == 200
    assert client.get(reverse("billing:invoices")).status_code == 200
    assert client.get(reverse("workforce:create")).status_code == 403
    assert client.post(reverse("workforce:create"), {}).status_code == 403
    assert client.get(reverse("members:information_edit")).status_code == 403
