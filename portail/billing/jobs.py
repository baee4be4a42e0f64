"""Batch issuing of invoices as a background task (django-tasks), its progress kept in a BillingJob row."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled
from django_tasks import task

from portail.audit.services import event_record
from portail.billing.models import BillingJob, JobStatus
from portail.billing.selectors import billable_members, billing_start
from portail.billing.services import invoices_issue_batch
from portail.core.formatting import count_fr
from portail.members.models import Member, MemberStatus

# Invoices per transaction: progress shows after each chunk, and another issuer (a staff credit note) waits for
# the series counter at most the numbering of one chunk; the PDFs are drawn and archived after each commit
# (billing.archive), outside the lock.
CHUNK = 50


def batch_targets(*, joined_since: date | None = None, numbers: list[str] | None = None, period_label: str = "",
                  issue_date: date | None = None) -> list[Member]:
    """Active members joined since a date, or the members with the given numbers (any unknown one is an error).

    Members radiated before the period billed are left out of a "joined since" batch and refused by number:
    a radiation stops what follows it (issue 7 §2).
    """
    on = billing_start(period_year=_period_year(period_label), issue_date=issue_date or date.today())
    with scopes_disabled():
        if numbers:
            found = {m.number: m for m in Member.objects.filter(number__in=numbers)}
            missing = [n for n in numbers if n not in found]
            if missing:
                raise ValidationError(("Numéro d'adhérent inconnu" if len(missing) == 1 else "Numéros d'adhérent inconnus")
                                      + f" : {', '.join(missing)}.")
            billable = set(billable_members(Member.objects.filter(number__in=numbers), on=on)
                           .values_list("number", flat=True))
            radiated = [n for n in dict.fromkeys(numbers) if n not in billable]
            if radiated:
                raise ValidationError(("Adhérent radié" if len(radiated) == 1 else "Adhérents radiés") + f" avant le {on:%d/%m/%Y}, à ne plus facturer : "
                                      f"{', '.join(radiated)}.")
            return [found[n] for n in dict.fromkeys(numbers)]
        if joined_since is None:
            raise ValidationError("Choisissez une date d'adhésion ou une liste de numéros d'adhérents.")
        members = Member.objects.filter(joined_on__gte=joined_since).exclude(status=MemberStatus.SUSPENDED)
        return list(billable_members(members, on=on).order_by("number"))


def _period_year(period_label: str) -> int | None:
    year = "".join(ch for ch in period_label if ch.isdigit())[-4:]
    return int(year) if len(year) == 4 else None


@transaction.atomic
def billing_job_create_issue_batch(*, kind: str, period_label: str, line: dict, members: list[Member],
                                   issue_date: date | None = None, actor=None, request=None) -> BillingJob:
    if not members:
        raise ValidationError("Aucun adhérent ne correspond à ces critères.")
    year = "".join(ch for ch in period_label if ch.isdigit())[-4:]
    job = BillingJob.objects.create(
        kind="invoices_issue_batch", total=len(members),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        params={
            "kind": kind, "period_label": period_label, "period_year": int(year) if year else None,
            "issue_date": (issue_date or date.today()).isoformat(),
            "line": {k: str(v) for k, v in line.items()},
            "member_ids": [m.pk for m in members],
        },
    )
    event_record(action="billing.invoice_batch_requested", actor=actor, request=request, obj=job,
                 summary=f"Émission d'un lot de {count_fr(len(members), 'facture')} demandée ({period_label})")
    return job


def billing_job_enqueue(*, job: BillingJob) -> None:
    """Enqueue after the job row is committed, so that a worker can always read it."""
    transaction.on_commit(lambda: invoices_issue_batch_task.enqueue(job_id=job.pk))


@task()
def invoices_issue_batch_task(job_id: int) -> int:
    with scopes_disabled():
        return billing_job_run(job=BillingJob.objects.get(pk=job_id))


def billing_job_run(*, job: BillingJob) -> int:
    """Issue the batch chunk by chunk. Each chunk is all-or-nothing with consecutive numbers; a failure stops
    the job and reports how many invoices were issued before it (those stay valid, numbered records)."""
    params = job.params
    job.status = JobStatus.RUNNING
    job.save(update_fields=["status"])
    members = {m.pk: m for m in Member.objects.filter(pk__in=params["member_ids"])}
    ordered = [members[pk] for pk in params["member_ids"] if pk in members]
    line = params["line"]
    lines = [{"description": line["description"], "quantity": Decimal(line["quantity"]),
              "unit_price_ht": Decimal(line["unit_price_ht"]), "vat_rate": Decimal(line["vat_rate"])}]
    issue_date = date.fromisoformat(params["issue_date"])
    actor = job.created_by
    try:
        for start in range(job.done, len(ordered), CHUNK):
            issued = invoices_issue_batch(
                members=ordered[start:start + CHUNK], kind=params["kind"], lines=lines,
                period_label=params["period_label"], period_year=params["period_year"], issue_date=issue_date,
                actor=actor,
            )
            job.done += len(issued)
            job.first_number = job.first_number or str(issued[0].number)
            job.last_number = str(issued[-1].number)
            job.save(update_fields=["done", "first_number", "last_number"])
    except Exception as exc:  # noqa: BLE001 — any failure must be visible on the job, not lost in a worker log
        job.status, job.error = JobStatus.FAILED, "; ".join(getattr(exc, "messages", [str(exc)]))
    else:
        job.status = JobStatus.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    event_record(action="billing.invoice_batch_finished", actor=actor, obj=job,
                 summary=f"Lot de factures : {count_fr(job.done, 'émise')} sur {job.total} ({job.first_number} à {job.last_number})"
                 if job.done else f"Lot de factures : aucune facture émise ({job.error})")
    return job.done
