
"""Records stay records: gapless numbers under concurrency, issued invoices immutable (service, admin, database),
PDFs drawn outside the lock of the series counter and archived once."""

import random
import threading
from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django_scopes import scopes_disabled
from django_tasks.signals import task_enqueued

from portail.backoffice.models import StaffRole
from portail.backoffice.tests.factories import login_verified, staff_with_device
from portail.billing import archive as billing_archive
from portail.billing.archive import invoice_document
from portail.billing.models import Invoice, InvoiceArchive, InvoiceKind, InvoiceLine
from portail.billing.services import credit_note_issue, invoice_create_draft, invoice_issue
from portail.billing.tests.factories import issued_invoice

postgres_only = pytest.mark.postgres


@pytest.fixture
def queued_archives(settings):
    """Archiving tasks queued for a worker, as in production, instead of run at once: the races below issue
    hundreds of invoices through the real issuing path, and drawing each PDF (~0.5 s) would take minutes.
    Returns the invoice ids whose archiving was enqueued, in order, from any thread."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    enqueued: list[int] = []

    def record(sender, task_result, **kwargs):
        if task_result.task.name == "invoice_archive_task":
            enqueued.append(task_result.kwargs["invoice_id"])

    task_enqueued.connect(record, weak=False)
    yield enqueued
    task_enqueued.disconnect(record)


def test_admin_refuses_to_change_or_delete_an_issued_invoice(client, member_a):
    invoice = issued_invoice(member_a)
    admin, device = staff_with_device(StaffRole.ADMIN, user__is_superuser=True)
    login_verified(client, admin, device)
    url = f"/admin/billing/invoice/{invoice.pk}/change/"
    response = client.get(url)
    assert response.status_code == 200 and 'name="period_label"' not in response.content.decode()
    assert client.post(url, {"period_label": "Piraté", "kind": "avoir", "member": member_a.pk}).status_code == 403
    assert client.post(f"/admin/billing/invoice/{invoice.pk}/delete/", {"post": "yes"}).status_code == 403
    invoice.refresh_from_db()
    assert invoice.period_label == "Année 2026"


class _Rollback(Exception):
    pass


def _issue_many(member, count: int, rollback_rate: float, errors: list, seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(count):
        try:
            with transaction.atomic():
                draft = invoice_create_draft(member=member, kind=InvoiceKind.CONTRIBUTION,
                                             lines=[{"description": "x", "unit_price_ht": "1.00"}])
                invoice_issue(invoice=draft)
                if rng.random() < rollback_rate:
                    raise _Rollback
        except _Rollback:
            pass
        except IntegrityError:
            errors.append("duplicate")


def _in_thread(target, errors: list, *args) -> threading.Thread:
    """Runs `target(*args)` in a started thread, scopes disabled; what it raises goes to `errors`."""

    def run():
        with scopes_disabled():
            try:
                target(*args)
            except Exception as exc:  # noqa: BLE001 — the test reports it
                errors.append(exc)
            finally:
                connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _run_threads(member, threads: int = 8, per_thread: int = 100, rollback_rate: float = 0.1) -> list:
    errors: list = []
    workers = [_in_thread(_issue_many, errors, member, per_thread, rollback_rate, errors, n) for n in range(threads)]
    for worker in workers:
        worker.join()
    return errors


@pytest.mark.postgres
@postgres_only
@pytest.mark.django_db(transaction=True)
def test_numbering_is_gapless_under_concurrency_with_rollbacks(member_a, queued_archives):
    errors = _run_threads(member_a)
    values = sorted(Invoice.objects.filter(series="F", status="issued").values_list("sequence_value", flat=True))
    assert errors == []
    assert 600 < len(values) < 800  # ~10 % rolled back
    assert values == list(range(1, len(values) + 1))  # 0 duplicates, 0 gaps
    by_time = list(Invoice.objects.filter(series="F").order_by("created_at", "id").values_list("sequence_value",
                                                                                                 flat=True))
    assert len(set(by_time)) == len(by_time)
    # Every committed invoice, and no rolled-back one, has its archiving queued, once.
    issued = set(Invoice.objects.filter(series="F", status="issued").values_list("pk", flat=True))
    assert sorted(queued_archives) == sorted(issued)


@pytest.mark.postgres
@postgres_only
@pytest.mark.django_db(transaction=True)
def test_control_naive_numbering_collides(member_a, settings, queued_archives):
    """Without the counter row the same number is handed out twice; only the unique constraint stops it.
    This proves the harness above can fail."""
    settings.BILLING_UNSAFE_NAIVE_NUMBERING = True
    errors = _run_threads(member_a, rollback_rate=0.0)
    assert len(errors) > 0


@pytest.mark.django_db
def test_database_refuses_update_and_delete_of_issued_invoice(member_a):
    invoice = issued_invoice(member_a, amount_ht="100.00")
    attempts = [
        lambda: Invoice.objects.filter(pk=invoice.pk).update(total_ttc=Decimal("0")),
        lambda: Invoice.objects.bulk_update([Invoice(pk=invoice.pk, member=member_a, period_label="x",
                                                     kind=invoice.kind)], ["period_label"]),
        lambda: Invoice.objects.filter(pk=invoice.pk).delete(),
        lambda: InvoiceLine.objects.filter(invoice=invoice).update(unit_price_ht=Decimal("1")),
        lambda: InvoiceLine.objects.filter(invoice=invoice).delete(),
        lambda: InvoiceLine.objects.create(invoice=invoice, description="ajout", unit_price_ht=Decimal("5")),
    ]
    sql = [
        ("UPDATE billing_invoice SET total_ttc = 0 WHERE id = %s", [invoice.pk]),
        ("UPDATE billing_invoice SET number = 'X1' WHERE id = %s", [invoice.pk]),
        ("DELETE FROM billing_invoice WHERE id = %s", [invoice.pk]),
        ("UPDATE billing_invoiceline SET total_ttc = 0 WHERE invoice_id = %s", [invoice.pk]),
    ]
    for statement, params in sql:
        attempts.append(lambda s=statement, p=params: connection.cursor().execute(s, p))
    for attempt in attempts:
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    invoice.refresh_from_db()
    assert invoice.total_ttc == Decimal("120.00") and invoice.lines.count() == 1


@pytest.mark.django_db
def test_database_still_allows_drafts_to_change(member_a):
    draft = invoice_create_draft(member=member_a, kind=InvoiceKind.CONTRIBUTION,
                                 lines=[{"description": "x", "unit_price_ht": "1.00"}])
    Invoice.objects.filter(pk=draft.pk).update(period_label="Année 2027")
    InvoiceLine.objects.filter(invoice=draft).delete()
    Invoice.objects.filter(pk=draft.pk).delete()
    assert not Invoice.objects.filter(pk=draft.pk).exists()


@pytest.mark.django_db
def test_database_refuses_to_change_the_snapshot_or_the_archive(member_a):
    invoice = issued_invoice(member_a, amount_ht="100.00")
    frozen, archived = invoice.snapshot, invoice_document(invoice=invoice)
    draft = invoice_create_draft(member=member_a, kind=InvoiceKind.CONTRIBUTION,
                                 lines=[{"description": "x", "unit_price_ht": "1.00"}])
    attempts = [
        lambda: Invoice.objects.filter(pk=invoice.pk).update(snapshot={"buyer": "autre"}),
        lambda: Invoice.objects.filter(pk=invoice.pk).update(snapshot=None),
        lambda: InvoiceArchive.objects.filter(invoice=invoice).update(pdf=b"%PDF-forged"),
        lambda: InvoiceArchive.objects.filter(invoice=invoice).delete(),
        lambda: InvoiceArchive.objects.create(invoice=draft, pdf=b"%PDF-early", sha256="0" * 64),
        lambda: connection.cursor().execute(
            "UPDATE billing_invoice SET snapshot = jsonb_set(snapshot, '{buyer,name}', '\"X\"') WHERE id = %s"
            if connection.vendor == "postgresql" else
            "UPDATE billing_invoice SET snapshot = json_set(snapshot, '$.buyer.name', 'X') WHERE id = %s",
            [invoice.pk]),
        lambda: connection.cursor().execute("DELETE FROM billing_invoicearchive WHERE invoice_id = %s", [invoice.pk]),
    ]
    for attempt in attempts:
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    invoice.refresh_from_db()
    assert invoice.snapshot == frozen and bytes(InvoiceArchive.objects.get(invoice=invoice).pdf) == archived


@pytest.mark.postgres
@postgres_only
@pytest.mark.django_db(transaction=True)
def test_an_issuer_does_not_wait_for_the_pdf_of_another_invoice(member_a, monkeypatch):
    """While invoice 2 is being drawn (held here until the credit note is issued), the series counter is free: a
    staff credit note is numbered at once. Drawing in the issuing transaction would hold the counter (lock
    timeout)."""
    with scopes_disabled():
        corrected = issued_invoice(member_a, amount_ht="100.00")
    drawing, release = threading.Event(), threading.Event()
    real = billing_archive.invoice_pdf

    def held(*, invoice):
        if invoice.sequence_value == 2:
            drawing.set()
            release.wait(timeout=60)
        return real(invoice=invoice)

    monkeypatch.setattr("portail.billing.archive.invoice_pdf", held)
    errors: list = []
    issuer = _in_thread(issued_invoice, errors, member_a)
    try:
        assert drawing.wait(timeout=60)
        with scopes_disabled(), transaction.atomic():
            connection.cursor().execute("SET LOCAL lock_timeout = '2s'")
            avoir = credit_note_issue(invoice=corrected)
    finally:
        release.set()
        issuer.join()
    assert errors == [] and avoir.sequence_value == 3
    assert InvoiceArchive.objects.count() == 3


@pytest.mark.postgres
@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_first_downloads_at_once_store_one_archive_and_both_serve_it(member_a, monkeypatch, queued_archives):
    """Both draw (each drawing is marked with its thread), neither waits for the other before storing; the first
    insert wins and both serve its bytes."""
    with scopes_disabled():
        invoice = issued_invoice(member_a)
    assert queued_archives == [invoice.pk] and not InvoiceArchive.objects.exists()  # its task has not run yet
    both_drawn = threading.Barrier(2, timeout=60)
    real = billing_archive.invoice_pdf

    def marked(*, invoice):
        pdf = real(invoice=invoice) + f"%{threading.current_thread().name}".encode()
        both_drawn.wait()
        return pdf

    monkeypatch.setattr("portail.billing.archive.invoice_pdf", marked)
    served: list = []
    errors: list = []
    downloads = [_in_thread(lambda: served.append(invoice_document(invoice=invoice)), errors) for _ in range(2)]
    for download in downloads:
        download.join()
    stored = bytes(InvoiceArchive.objects.get(invoice=invoice).pdf)
    assert errors == [] and served == [stored, stored] and InvoiceArchive.objects.count() == 1
