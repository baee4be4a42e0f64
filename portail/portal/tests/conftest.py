from datetime import date

import pytest
import time_machine
from django.utils import timezone

TODAY = date(2026, 3, 10)


@pytest.fixture
def frozen_today():
    """The clock stopped on TODAY at 10:00."""
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 3, 10, 10)), tick=False):
        yield
