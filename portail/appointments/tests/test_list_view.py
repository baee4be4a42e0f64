"""Tab 2.6 list: its block is kept under the member's data stamp (see portail/members/freshness.py), so a booking
shows on the very next view, a kept view reads nothing of its own, and another member never gets this block."""

from django.urls import reverse

from portail.accounts.tests.factories import MemberUserFactory
from portail.appointments import selectors
from portail.appointments.services import appointment_book
from portail.appointments.tests.factories import AppointmentFactory, AppointmentRequestFactory, SlotFactory
from portail.workforce.tests.factories import EmployeeFactory

LIST = reverse("appointments:list")


def _main(response) -> str:
    page = response.content.decode()  # around the block: the logout form and its fresh CSRF token
    return page[page.index("<main"):page.index("</main>")]


def test_an_appointment_booked_after_a_view_shows_on_the_next_one(client_a, member_a, staff_user):
    employee = EmployeeFactory(member=member_a, birth_name="NOUVEAU")
    asked = AppointmentRequestFactory(member=member_a, employees=[employee])
    assert "Aucun rendez-vous à venir." in client_a.get(LIST).content.decode()
    appointment_book(appointment_request=asked, employee=employee, slot_id=SlotFactory().pk, actor=staff_user,
                     send=False)
    page = client_a.get(LIST).content.decode()
    assert "NOUVEAU" in page and "Aucun rendez-vous à venir." not in page


def test_a_kept_view_reads_only_the_session_the_user_and_the_member(client_a, member_a,
                                                                    django_assert_num_queries):
    AppointmentFactory(employee=EmployeeFactory(member=member_a))
    client_a.get(reverse("help:index"))  # the session's first page: its one-off reads and writes
    selectors.settings_get()  # created on first read
    first = _main(client_a.get(LIST))
    with django_assert_num_queries(3):
        again = _main(client_a.get(LIST))
    assert again == first


def test_outsider_never_gets_the_block_of_another_member(client_a, client, member_a, member_b):
    AppointmentFactory(employee=EmployeeFactory(member=member_a, birth_name="SEULEMENTCHEZA"))
    assert "SEULEMENTCHEZA" in client_a.get(LIST).content.decode()
    client.force_login(MemberUserFactory(member=member_b))
    assert "SEULEMENTCHEZA" not in client.get(LIST).content.decode()
