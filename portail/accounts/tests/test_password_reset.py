from django.core import mail

from portail.accounts.tests.factories import StaffFactory


def test_a_member_receives_the_reset_link(client, member_admin):
    response = client.post("/mot-de-passe/oublie/", {"login": member_admin.username})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[member_admin.email]]


def test_a_staff_account_gets_no_mailed_link_that_would_skip_the_second_factor(client, db):
    staff = StaffFactory(email="agent@spsti.example")
    response = client.post("/mot-de-passe/oublie/", {"login": staff.username})
    # Same answer as for an unknown login: the page never tells which accounts exist.
    assert response.status_code == 302
    assert mail.outbox == []
