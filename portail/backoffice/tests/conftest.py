import pytest

from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified, staff_with_device


@pytest.fixture
def staff_client(client, db):
    """Factory: a client logged in as staff of `role`, second factor verified."""

    def make(role=StaffRole.RECEPTION):
        user, device = staff_with_device(role)
        return login_verified(client, user, device)

    return make
