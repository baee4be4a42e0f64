"""Cancelling a DSN import deletes the file (clear NIRs) and writes nothing."""

import pytest
from django.core.files.storage import default_storage

from portail.accounts.tests.factories import logged_in
from portail.workforce.models import Employee
from portail.workforce.tests.dsn_files import pending_token, upload_one

pytestmark = pytest.mark.django_db


def test_cancel_deletes_the_file(client_a, member_a):
    upload_one(client_a, member_a)
    token = pending_token(client_a)
    path = client_a.session["workforce_dsn"][token]["path"]
    response = client_a.post(f"/salaries/import/dsn/{token}/annuler/", follow=True)
    assert "Import de la DSN annulé" in response.content.decode()
    assert not default_storage.exists(path) and not Employee.objects.exists()


def test_outsider_cannot_cancel(client_a, member_a, other_member):
    upload_one(client_a, member_a)
    token = pending_token(client_a)
    outsider = logged_in(other_member)
    assert outsider.post(f"/salaries/import/dsn/{token}/annuler/").status_code == 404
    assert default_storage.exists(client_a.session["workforce_dsn"][token]["path"])


def test_the_nightly_purge_removes_an_abandoned_dsn(client_a, member_a):
    import time_machine
    from django.utils import timezone

    from portail.workforce.import_tasks import import_files_purge

    upload_one(client_a, member_a)
    path = client_a.session["workforce_dsn"][pending_token(client_a)]["path"]
    with time_machine.travel(timezone.now() + timezone.timedelta(hours=25)):
        assert import_files_purge() == 1
    assert not default_storage.exists(path)
