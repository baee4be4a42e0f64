import pytest

from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.portal.demo.members import _service


@pytest.fixture
def staff_client(client, db):
    """A client logged in as accounting staff, second factor verified, the service's details set."""
    user, device = staff_with_device(StaffRole.ACCOUNTING)
    login_verified(client, user, device)
    _service()
    return client
