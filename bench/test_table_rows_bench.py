"""Benchmark (not a unit test; run explicitly):

    pytest -q -s bench/test_table_rows_bench.py

The member tables drawn by the row tags (portail/*/templatetags/*_tables.py) against the template
loops they replaced (kept in portail/*/tests/legacy/), 50 rows each, same context, alternating
rounds: the whole page template, then the rows alone. Both must print the same HTML.
"""

import re
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from django.template import engines
from django.template.loader import get_template
from django.test import Client
from django.utils import timezone

from portail.accounts.tests.factories import MemberUserFactory
from portail.appointments.models import AppointmentStatus, CancellationRequest, SharedDocument
from portail.appointments.tests.factories import AppointmentFactory, AppointmentRequestFactory
from portail.billing.tests.factories import issued_invoice
from portail.members.demo import _service
from portail.members.tests.factories import CentreFactory, MemberFactory, TeamMemberFactory
from portail.workforce.tests.factories import EmployeeFactory

ROOT = Path(__file__).resolve().parent.parent / "portail"
E = engines["django"]
CSRF = re.compile(r"[A-Za-z0-9]{64}")


def _read(path):
    return (ROOT / path).read_text()


def _between(source, start, end, tail=""):
    """From `start` to `end`, `tail` (the text after the loop that marks which `{% endfor %}`) left out."""
    i = source.index(start)
    return source[i : source.index(end + tail, i) + len(end)]


def _legacy_sources():
    table = _read("workforce/tests/legacy/_table.html")
    rows = _read("billing/tests/legacy/_invoice_rows.html")
    invoices = re.sub(
        r'{% include "billing/_invoice_rows.html" with (rows=\S+ empty="[^"]*") %}',
        lambda m: "{% with " + m.group(1) + " %}" + rows + "{% endwith %}",
        _read("billing/tests/legacy/invoices.html"),
    )
    appointments = _read("appointments/tests/legacy/list.html")
    for partial in ("_centre.html", "_professional.html"):
        appointments = appointments.replace(
            '{% include "appointments/' + partial + '" %}', _read("appointments/tests/legacy/" + partial)
        )
    return {
        "pages": {
            "/salaries/?status=tous": _read("workforce/templates/workforce/list.html").replace(
                '{% include "workforce/_table.html" %}', table
            ),
            "/factures/": invoices,
            "/rendez-vous/": appointments,
        },
        "rows": [
            ("/salaries/?status=tous", "employés", table, "workforce/_table.html"),
            ("/factures/", "factures", "{% with rows=groups.unpaid empty='x' %}" + rows + "{% endwith %}",
             "{% load billing_tables %}{% invoice_rows groups.unpaid empty='x' %}"),
            ("/factures/", "échéancier", _between(invoices, "{% for row in statement.rows %}", "{% endfor %}"),
             "{% load billing_tables %}{% statement_rows statement.rows %}"),
            ("/rendez-vous/", "rendez-vous à venir", _between(appointments, "{% for a in upcoming %}", "{% endfor %}"),
             "{% load appointments_tables %}{% upcoming_appointment_rows upcoming %}"),
            ("/rendez-vous/", "rendez-vous passés",
             _between(appointments, "{% for a in past %}", "{% endfor %}", "\n    </tbody>"),
             "{% load appointments_tables %}{% past_appointment_rows past %}"),
            ("/rendez-vous/", "demandes", _between(appointments, "{% for r in requests %}", "{% endfor %}", "\n    </tbody>"),
             "{% load appointments_tables %}{% appointment_request_rows requests %}"),
            ("/rendez-vous/", "annulations", _between(appointments, "{% for c in cancellations %}", "{% endfor %}"),
             "{% load appointments_tables %}{% cancellation_rows cancellations %}"),
        ],
    }


def _populate(member):
    now = timezone.now()
    centres = [CentreFactory(address_line2="Bâtiment B"), CentreFactory()]
    professionals = [TeamMemberFactory(), TeamMemberFactory(), None]
    employees = [
        EmployeeFactory(member=member, birth_name=f"MARTIN{i:02d}", usage_name="DURAND" if i % 2 else "",
                        declared_category=("SI", "SIA", "SIR")[i % 3], contract=("CDI", "CDD", "INTERIM")[i % 3],
                        exit_date=date(2026, 6, 30) if i % 7 == 0 else None)
        for i in range(50)
    ]
    for i in range(50):
        employee = employees[i]
        AppointmentFactory(employee=employee, centre=centres[i % 2], professional=professionals[i % 3],
                           start=now + timedelta(days=3 + i, minutes=7 * i))
        past = AppointmentFactory(employee=employee, centre=centres[i % 2], professional=professionals[i % 3],
                                  start=now - timedelta(days=3 + i), status=(AppointmentStatus.DONE,
                                  AppointmentStatus.NO_SHOW, AppointmentStatus.EXCUSED)[i % 3])
        if i % 2:
            SharedDocument.objects.create(member=member, appointment=past, kind="attestation", file="a.pdf")
        CancellationRequest.objects.create(member=member, appointment=past, reason="activite", deadline=now,
                                           status=("recue", "traitee", "refusee")[i % 3])
        AppointmentRequestFactory(member=member, employees=employees[i : i + 1 + i % 3],
                                  status=("envoyee", "en_cours", "refusee")[i % 3],
                                  refusal_reason="Déjà suivi" if i % 3 == 2 else "")
        issued_invoice(member, amount_ht=f"{100 + 37 * i}.50", issue_date=date(2026, 1, 1) + timedelta(days=5 * i))


def _compare(legacy, now, *args, rounds=200) -> tuple[float, float]:
    """Median ms of each render; alternated, so that a load spike on this shared machine hits both alike."""
    samples = ([], [])
    for _ in range(20):
        legacy.render(*args), now.render(*args)
    for _ in range(rounds):
        for side, template in enumerate((legacy, now)):
            start = time.perf_counter()
            template.render(*args)
            samples[side].append(time.perf_counter() - start)
    return statistics.median(samples[0]) * 1000, statistics.median(samples[1]) * 1000


def test_table_rows(db):
    _service()
    member = MemberFactory(number="800200")
    _populate(member)
    client = Client()
    client.force_login(MemberUserFactory(member=member))
    contexts = {}
    for url in ("/salaries/?status=tous", "/factures/", "/rendez-vous/"):
        response = client.get(url)
        assert response.status_code == 200
        contexts[url] = (response.context[0].flatten(), response.wsgi_request, response.templates[0].name)
    sources = _legacy_sources()
    print()
    for url, source in sources["pages"].items():
        context, request, name = contexts[url]
        legacy, now = E.from_string(source), get_template(name)
        assert CSRF.sub("", legacy.render(context, request)) == CSRF.sub("", now.render(context, request))
        before, after = _compare(legacy, now, context, request)
        print(f"page {url:25} {name:26} avant {before:6.2f} ms  après {after:6.2f} ms  ×{before / after:4.1f}")
    for url, label, source, tag in sources["rows"]:
        context = contexts[url][0]
        legacy = E.from_string(source)
        now = get_template(tag) if tag.endswith(".html") else E.from_string(tag)
        assert legacy.render(context) == now.render(context)
        before, after = _compare(legacy, now, context)
        print(f"lignes {label:22} avant {before:6.2f} ms  après {after:6.2f} ms  ×{before / after:4.1f}")
