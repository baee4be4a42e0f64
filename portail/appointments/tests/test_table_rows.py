"""The appointment rows and the centre's address print exactly what the former template loops and
includes printed (kept in tests/legacy/), on rows covering every branch."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.template import engines
from django.utils import timezone

from portail.appointments.models import AppointmentStatus, CancellationRequest, SharedDocument, VisitKind
from portail.appointments.tests.factories import AppointmentFactory, AppointmentRequestFactory
from portail.members.models import TeamRole
from portail.members.tests.factories import CentreFactory, TeamMemberFactory
from portail.workforce.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
LEGACY_DIR = Path(__file__).parent / "legacy"
CSRF = re.compile(r"[A-Za-z0-9]{64}")  # masked anew at each render


def _legacy(name: str):
    """The former page, its includes inlined (an include prints what its body prints in a `with`)."""
    source = (LEGACY_DIR / name).read_text()
    for partial in ("_centre.html", "_professional.html"):
        body = (LEGACY_DIR / partial).read_text()
        source = source.replace('{% include "appointments/' + partial + '" %}', body)
        source = source.replace(
            '{% include "appointments/' + partial + '" with a=appointment %}',
            "{% with a=appointment %}" + body + "{% endwith %}",
        )
    assert '{% include "appointments/' not in source
    return engines["django"].from_string(source)


def _same_page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    legacy = _legacy(response.templates[0].name.split("/")[-1]).render(
        response.context[0].flatten(), response.wsgi_request
    )
    assert CSRF.sub("csrf", html) == CSRF.sub("csrf", legacy)
    return html


@pytest.fixture
def varied(member_a):
    now = timezone.now()
    odd = EmployeeFactory(member=member_a, birth_name="<script>alert('x')</script>", first_name="Zoé & <b>")
    plain = EmployeeFactory(member=member_a, birth_name="MARTIN")
    centre = CentreFactory(name="Centre <Prado> & co", address_line2="Bâtiment B")
    other_centre = CentreFactory()
    doctor = TeamMemberFactory(first_name="Claire", last_name="fabre & <fils>")
    nurse = TeamMemberFactory(role=TeamRole.NURSE, first_name="Luc", last_name="o'neil")
    upcoming = [
        AppointmentFactory(employee=odd, centre=centre, professional=doctor, start=now + timedelta(days=20, minutes=7)),
        AppointmentFactory(
            employee=plain,
            centre=other_centre,
            professional=None,
            start=now + timedelta(days=30),
            visit_kind=VisitKind.HIRING,
        ),
        AppointmentFactory(employee=plain, centre=centre, professional=nurse, start=now + timedelta(days=2)),
        AppointmentFactory(employee=odd, centre=other_centre, professional=nurse, start=now + timedelta(days=40)),
        # Tomorrow: its cancellation limit has passed, whatever the day ("Délai dépassé").
        AppointmentFactory(employee=plain, centre=centre, professional=doctor, start=now + timedelta(hours=20)),
    ]
    for appointment, status in zip(upcoming, ("refusee", "recue", "traitee"), strict=False):
        CancellationRequest.objects.create(
            member=member_a, appointment=appointment, reason="activite", deadline=now + timedelta(days=1), status=status
        )
    statuses = [AppointmentStatus.DONE, AppointmentStatus.NO_SHOW, AppointmentStatus.EXCUSED, AppointmentStatus.PLANNED]
    for days, status in enumerate(statuses, start=3):
        past = AppointmentFactory(
            employee=odd if days % 2 else plain,
            centre=centre,
            start=now - timedelta(days=days),
            professional=doctor if days % 2 else None,
            status=status,
        )
        for kind in ("attestation", "aptitude")[: days - 3]:
            SharedDocument.objects.create(
                member=member_a, appointment=past, kind=kind, file=ContentFile(b"%PDF-1.4", name="a.pdf")
            )
    AppointmentRequestFactory(
        member=member_a,
        employees=[odd, plain],
        status="refusee",
        refusal_reason="Déjà <vu> & suivi",
        visit_kind=VisitKind.EMPLOYER,
    )
    AppointmentRequestFactory(member=member_a, employees=[plain], status="en_cours")
    AppointmentRequestFactory(member=member_a, employees=[odd], status="envoyee", refusal_reason="")
    AppointmentRequestFactory(member=member_a, employees=[plain], status="planifiee")  # not listed
    AppointmentRequestFactory(member=member_a, employees=[odd], status="annulee", refusal_reason="sortie du salarié")
    return member_a, upcoming


def test_list_page_equals_the_former_page(client_a, varied):
    html = _same_page(client_a, "/rendez-vous/")
    for fragment in (
        'class="badge alert">Refusée',
        'class="badge warning">Reçue',
        "possible jusqu'au ",
        'class="badge alert">Délai dépassé</span> : contactez le service ',
        'class="badge">Annulée</span> : sortie du salarié',
        'class="badge ok">Réalisé',
        'class="badge alert">Absent non excusé',
        'class="badge warning">Absent excusé',
        "Avis d&#x27;aptitude</a>",
        "<td>—</td>",
        "Médecin du travail – Claire FABRE &amp; &lt;FILS&gt;",
        "O&#x27;NEIL",
        "<strong>Centre &lt;Prado&gt; &amp; co</strong><br>1 rue du Centre, Bâtiment B<br>",
        "Zoé &amp; &lt;b&gt; &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;",
    ):
        assert fragment in html, fragment
    assert "<script>alert" not in html


def test_empty_list_page_equals_the_former_page(client_a, member_a):
    _same_page(client_a, "/rendez-vous/")


def test_cancel_form_equals_the_former_page(client_a, varied):
    _, upcoming = varied
    html = _same_page(client_a, f"/rendez-vous/{upcoming[3].pk}/annuler/")
    assert "<strong>Centre " in html
    html = _same_page(client_a, f"/rendez-vous/{upcoming[0].pk}/annuler/")
    assert ", Bâtiment B<br>" in html
    html = _same_page(client_a, f"/rendez-vous/{upcoming[4].pk}/annuler/")
    assert "Délai dépassé" in html and "Demander l&#x27;annulation</button>" not in html
