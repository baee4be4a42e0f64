"""Writes for the members app: one transaction each, audited."""

from collections.abc import Callable, Mapping
from datetime import date

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from portail.audit.services import event_record
from portail.core.concurrency import version_claim
from portail.members.freshness import member_change_record, member_data_changed, shared_settings_changed
from portail.members.models import (
    CareTeam,
    Centre,
    Member,
    MemberAddress,
    MemberContact,
    MemberStatus,
    NoticeDelivery,
    NoticeKind,
    RequestStatus,
    ScheduledMemberChange,
    SituationChangeRequest,
)
from portail.members.selectors import member_number_next, service_get


def _changes(instance: Model, fields: list[str], data: Mapping[str, object]) -> dict[str, list[str]]:
    return {f: [str(getattr(instance, f)), str(data[f])] for f in fields if getattr(instance, f) != data[f]}


@transaction.atomic
def member_update_on(*, member: Member, data: Mapping[str, object], effective_date: date,
                     actor: AbstractBaseUser | None, version: int | None = None,
                     request: HttpRequest | None = None) -> ScheduledMemberChange | None:
    """Write `data` now when `effective_date` has come, else keep it for that day (apply_scheduled_changes).
    Returns the scheduled row, or None when applied at once."""
    if effective_date <= timezone.localdate():
        member_update(member=member, data=data, actor=actor, version=version, request=request)
        return None
    version_claim(member, version=version)
    scheduled = ScheduledMemberChange.objects.create(member=member, data=dict(data), effective_date=effective_date,
                                                     created_by_id=actor.pk if actor else None)
    event_record(action="member.update_scheduled", actor=actor, member=member, obj=member, request=request,
                 summary=f"Modification programmée au {effective_date:%d/%m/%Y} : " + ", ".join(sorted(data)),
                 data={"fields": sorted(data), "effective_date": effective_date.isoformat()})
    return scheduled


def scheduled_changes_apply(*, today: date | None = None) -> int:
    """Apply every change whose date has come, each in its own transaction; returns how many."""
    today = today or timezone.localdate()
    count = 0
    for pending in ScheduledMemberChange.objects.filter(applied_at__isnull=True, effective_date__lte=today):
        with transaction.atomic():
            locked = ScheduledMemberChange.objects.select_for_update().get(pk=pending.pk)
            if locked.applied_at is not None:
                continue
            member_update(member=locked.member, data=locked.data, actor=locked.created_by)
            locked.applied_at = timezone.now()
            locked.save(update_fields=["applied_at"])
            count += 1
    return count


@transaction.atomic
def member_update(*, member: Member, data: Mapping[str, object], actor: AbstractBaseUser | None,
                  version: int | None = None, request: HttpRequest | None = None) -> Member:
    """Administrative data. simple_history keeps before/after; the event log says who.

    `version` is the one the edit form showed (optimistic locking): a member user and staff may edit the same
    record, and a save from an older version raises EditConflict. None (situation changes applied from the
    inbox, scripts) is not checked but still bumps the version, so forms open elsewhere notice the change.
    """
    if not _changes(member, list(data), data):
        return member
    version_claim(member, version=version)  # the row stays locked until commit
    member.refresh_from_db()  # compare and write against the stored row, not the caller's copy
    changes = _changes(member, list(data), data)
    if not changes:  # someone else saved the very same values meanwhile
        return member
    for field, value in data.items():
        setattr(member, field, value)
    member.full_clean()
    member._history_user = actor  # also outside a request (back office services, commands)
    member.save()
    member_change_record(action="member.updated", actor=actor, member=member, obj=member, request=request,
                         summary="Informations administratives modifiées : " + ", ".join(sorted(changes)),
                         data={"fields": sorted(changes)})
    return member


# Addresses and contacts are records of one member, saved and deleted the same way: one place for how. Each public
# service renews the member's stamp itself, where the freshness inventory (core/tests) looks for it.
def _record_save(*, kind: str, member: Member, record: MemberAddress | MemberContact,
                 actor: AbstractBaseUser | None, request: HttpRequest | None) -> None:
    created = record.pk is None
    record.member = member
    record.save()
    event_record(action=f"member.{kind}_{'created' if created else 'updated'}", actor=actor, member=member,
                 obj=record, request=request, summary=str(record))


def _record_delete(*, kind: str, record: MemberAddress | MemberContact, actor: AbstractBaseUser | None,
                   request: HttpRequest | None) -> None:
    event_record(action=f"member.{kind}_deleted", actor=actor, member=record.member, obj=record, request=request,
                 summary=str(record))
    record.delete()


@transaction.atomic
def member_address_save(*, member: Member, address: MemberAddress, actor: AbstractBaseUser | None,
                        request: HttpRequest | None = None) -> MemberAddress:
    _record_save(kind="address", member=member, record=address, actor=actor, request=request)
    member_data_changed(member_ids=[member.pk])
    return address


@transaction.atomic
def member_address_delete(*, address: MemberAddress, actor: AbstractBaseUser | None,
                          request: HttpRequest | None = None) -> None:
    member_data_changed(member_ids=[address.member_id])
    _record_delete(kind="address", record=address, actor=actor, request=request)


@transaction.atomic
def member_contact_save(*, member: Member, contact: MemberContact, actor: AbstractBaseUser | None,
                        request: HttpRequest | None = None) -> MemberContact:
    _record_save(kind="contact", member=member, record=contact, actor=actor, request=request)
    member_data_changed(member_ids=[member.pk])
    return contact


@transaction.atomic
def member_contact_delete(*, contact: MemberContact, actor: AbstractBaseUser | None,
                          request: HttpRequest | None = None) -> None:
    member_data_changed(member_ids=[contact.member_id])
    _record_delete(kind="contact", record=contact, actor=actor, request=request)


ANSWERABLE = (RequestStatus.IN_PROGRESS, RequestStatus.DONE, RequestStatus.REFUSED)


def request_answer_clean(*, status: str, answer: str) -> str:
    """Every inbox answer, whatever the request, takes a status the inbox offers and a text the member will read."""
    if status not in ANSWERABLE:
        raise ValidationError("Statut de réponse invalide.")
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError("La réponse à l'adhérent est obligatoire.")
    return answer


def _staff_recipients() -> list[str]:
    service = service_get()
    if service and service.staff_notification_email:
        return [service.staff_notification_email]
    return [settings.SERVICE_DEFAULTS["hotline_email"]]


@transaction.atomic
def situation_change_submit(*, member: Member, kind: str, effective_date: date, comment: str,
                            attachment: UploadedFile | None, actor: AbstractBaseUser,
                            request: HttpRequest | None = None) -> SituationChangeRequest:
    change = SituationChangeRequest.objects.create(
        member=member, kind=kind, effective_date=effective_date, comment=comment,
        attachment=attachment or "", created_by_id=actor.pk,
    )
    member_change_record(action="member.situation_change_submitted", actor=actor, member=member, obj=change,
                         request=request, summary=change.get_kind_display())
    transaction.on_commit(lambda: _notify_staff_of_change(change))
    member_tell(member=member, kind=NoticeKind.RECEIPT,
                subject=f"Changement de situation reçu : {change.get_kind_display()}",
                body=f"Type : {change.get_kind_display()}\nDate d'effet : {change.effective_date:%d/%m/%Y}\n"
                     f"Pièce jointe : {'oui' if change.attachment else 'non'}",
                url=reverse("members:situation_change_receipt", args=[change.pk]))
    return change


# Who tells the member (accounts.notices.member_notify, appended by AccountsConfig.ready()): members sits below
# accounts, which knows the company's users and their preferences.
MEMBER_NOTIFIERS: list[Callable[..., object]] = []


def member_tell(*, member: Member, kind: str, subject: str, body: str, url: str = "") -> None:
    for notify in MEMBER_NOTIFIERS:
        notify(member=member, kind=kind, subject=subject, body=body, url=url)


def _notify_staff_of_change(change: SituationChangeRequest) -> None:
    member = change.member
    send_mail(
        subject=f"[Portail] Changement de situation – {member.number} {member.name}",
        message=(
            f"L'adhérent {member.number} – {member.name} déclare un changement de situation.\n\n"
            f"Type : {change.get_kind_display()}\n"
            f"Date d'effet : {change.effective_date:%d/%m/%Y}\n"
            f"Pièce jointe : {'oui' if change.attachment else 'non'}\n\n"
            "Traitez la demande dans le back office."
        ),
        from_email=None,
        recipient_list=_staff_recipients(),
        fail_silently=False,
    )


# What a radiation stops in the other apps (declarations of later years, invoice drafts…). Those apps append
# their service here from AppConfig.ready(): members stays below them and never imports them. Each one runs
# in the radiation's transaction, so a failure leaves the member as it was.
RADIATION_CONSEQUENCES: list[Callable[..., object]] = []


@transaction.atomic
def member_radiate(*, member: Member, on: date | None, actor: AbstractBaseUser | None, status: str = "radiated",
                   request: HttpRequest | None = None) -> Member:
    """End (radiated) or pause (suspended, "mise en sommeil") a membership at a date.

    Kept explicit so staff decide it from a processed situation change; billing and
    declarations read `status`/`radiated_on` to stop what follows.
    """

    if status not in (MemberStatus.RADIATED, MemberStatus.SUSPENDED):
        raise ValidationError("Statut de radiation invalide.")
    if on is None:
        raise ValidationError("La date d'effet est obligatoire.")
    if member.joined_on and on < member.joined_on:
        raise ValidationError("La date d'effet ne peut précéder la date d'adhésion.")
    version_claim(member, version=None)  # edit forms still open on the record must notice
    member.status = status
    member.radiated_on = on
    member.save(update_fields=["status", "radiated_on"])
    label = "Radiation" if status == MemberStatus.RADIATED else "Mise en sommeil"
    member_change_record(action="member.radiated" if status == MemberStatus.RADIATED else "member.suspended",
                         actor=actor, member=member, obj=member, request=request,
                         summary=f"{label} au {on:%d/%m/%Y}", data={"status": status, "on": on.isoformat()})
    if status == MemberStatus.RADIATED:
        for consequence in RADIATION_CONSEQUENCES:
            consequence(member=member, on=on, actor=actor, request=request)
    return member


@transaction.atomic
def member_reactivate(*, member: Member, actor: AbstractBaseUser | None, request: HttpRequest | None = None) -> Member:
    version_claim(member, version=None)  # edit forms still open on the record must notice
    member.status = MemberStatus.ACTIVE
    member.radiated_on = None
    member.save(update_fields=["status", "radiated_on"])
    member_change_record(action="member.reactivated", actor=actor, member=member, obj=member, request=request,
                         summary="Adhésion réactivée")
    return member


def member_create(*, data: Mapping[str, object], actor: AbstractBaseUser | None,
                  request: HttpRequest | None = None) -> Member:
    """A new adhérent with the next free number; retried if a concurrent creation took it."""
    from django.db import IntegrityError

    for _attempt in range(5):
        try:
            with transaction.atomic():
                member = Member(**data, number=member_number_next())
                member.full_clean(validate_unique=False)
                member.save()
                if member.group_head_id:  # "Changer d'adhérent" appears for the head (see member_heads_a_group)
                    shared_settings_changed()
                event_record(action="member.created", actor=actor, member=member, obj=member, request=request,
                             summary=f"Adhérent {member.number} – {member.name} créé")
                return member
        except IntegrityError:
            continue
    raise RuntimeError("Could not allocate a member number")


@transaction.atomic
def member_group_head_set(*, member: Member, head: Member | None, actor: AbstractBaseUser | None,
                          request: HttpRequest | None = None) -> Member:
    """Group an establishment under a main one ("regroupées"), one level deep, or ungroup it."""

    if head is not None:
        if head.pk == member.pk:
            raise ValidationError("Un établissement ne peut être regroupé sous lui-même.")
        if head.group_head is not None:
            raise ValidationError(f"{head.number} est lui-même regroupé sous {head.group_head.number} : "
                                  "choisissez l'établissement principal.")
        if member.grouped_establishments.exists():
            raise ValidationError("Cet établissement est principal d'un regroupement : "
                                  "détachez d'abord ses établissements.")
    version_claim(member, version=None)  # edit forms still open on the record must notice
    previous = member.group_head
    member.group_head = head
    member.save(update_fields=["group_head"])
    shared_settings_changed()  # whether the heads lead a group is kept with the service's settings
    summary = (f"Regroupé sous {head.number} – {head.name}" if head
               else f"Détaché du regroupement {previous.number if previous else ''}".strip())
    member_change_record(action="member.group_changed", actor=actor, member=member, obj=member, request=request,
                         summary=summary, data={"group_head": head.pk if head else None})
    return member


@transaction.atomic
def member_assignment_set(*, member: Member, centre: Centre | None, care_team: CareTeam | None,
                          actor: AbstractBaseUser | None, request: HttpRequest | None = None) -> Member:
    version_claim(member, version=None)  # edit forms still open on the record must notice
    member.centre = centre
    member.care_team = care_team
    member.save(update_fields=["centre", "care_team"])
    member_change_record(action="member.assignment_changed", actor=actor, member=member, obj=member, request=request,
                         summary=f"Centre : {centre or '—'} ; équipe : {care_team or '—'}")
    return member


def notices_mark_read(*, member: Member, user_id: int) -> int:
    """The user has seen the company's notifications page: their unread copies become read. Not member data (no
    stamp): the count in the header is read uncached."""
    return NoticeDelivery.objects.filter(member=member, user_id=user_id, read_at__isnull=True).update(
        read_at=timezone.now())
