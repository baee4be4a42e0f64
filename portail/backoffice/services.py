"""Back-office writes. Each one is a transaction and leaves an audit event."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from portail.accounts.models import AccountKind, User
from portail.accounts.selectors import member_account_emails
from portail.accounts.services import portal_account_create
from portail.audit.services import event_record
from portail.backoffice.inbox import default_target_days, target_table
from portail.backoffice.models import (
    InboxAssignment,
    InboxComment,
    InboxSavedView,
    InboxTarget,
    ReplyTemplate,
    StaffProfile,
)
from portail.core.concurrency import version_claim
from portail.core.tenancy import VIEW_AS_KEY
from portail.members.freshness import member_change_record, shared_settings_changed
from portail.members.models import CareTeam, Member, RequestStatus, Service, SituationChangeRequest
from portail.members.selectors import service_get
from portail.members.services import member_create, request_answer_clean

if TYPE_CHECKING:
    from portail.backoffice.inbox import InboxItem
    from portail.declarations.models import Campaign

M = TypeVar("M", bound=Model)

BACKUP_CODE_COUNT = 10


# --- second factor -------------------------------------------------------------------------

@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, token: str,
                        request: HttpRequest | None = None) -> list[str] | None:
    """Confirm the device with a first code; returns the new backup codes (shown once), or None."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = backup_codes_regenerate(user=user, request=request)
    event_record(action="staff.otp_enrolled", actor=user, obj=device, request=request,
                 summary="Second facteur (TOTP) activé")
    return codes


def otp_failure_record(*, user: User, request: HttpRequest | None = None) -> None:
    """Wrong codes are counted by django-otp's throttling; the log keeps who and from where."""
    event_record(action="staff.otp_failed", actor=user, request=request, summary="Code de second facteur refusé")


def attachment_download_record(*, obj: Any, actor: User, request: HttpRequest | None = None) -> None:
    event_record(action="backoffice.attachment_downloaded", actor=actor, member=obj.member, obj=obj,
                 request=request, summary="Pièce jointe téléchargée")


@transaction.atomic
def backup_codes_regenerate(*, user: User, request: HttpRequest | None = None) -> list[str]:
    """Replace every backup code of the user by BACKUP_CODE_COUNT new single-use ones."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Codes de secours", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    event_record(action="staff.backup_codes_generated", actor=user, request=request,
                 summary="Nouveaux codes de secours")
    return codes


def backup_codes_remaining(*, user: User) -> int:
    remaining: int = StaticToken.objects.filter(device__user=user).count()
    return remaining


# --- staff management (administrators) -----------------------------------------------------

def _not_self(*, user: User, actor: User) -> None:
    # An administrator editing their own access could lock the service out of its back office.
    if user.pk == actor.pk:
        raise ValidationError("Vous ne pouvez pas modifier votre propre accès : demandez à un autre administrateur.")


@transaction.atomic
def staff_profile_set(*, user: User, role: str, care_team: CareTeam | None, actor: User,
                      request: HttpRequest | None = None) -> StaffProfile:
    _not_self(user=user, actor=actor)
    profile, _ = StaffProfile.objects.update_or_create(user=user, defaults={"role": role, "care_team": care_team})
    event_record(action="staff.role_changed", actor=actor, obj=profile, request=request,
                 summary=f"{user.get_username()} : {profile.get_role_display()}",
                 data={"role": role, "care_team": care_team.pk if care_team else None})
    return profile


@transaction.atomic
def staff_second_factor_reset(*, user: User, actor: User, request: HttpRequest | None = None) -> None:
    """Lost phone: remove every device; the next login goes through enrolment again."""
    _not_self(user=user, actor=actor)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    event_record(action="staff.otp_reset", actor=actor, request=request,
                 summary=f"Second facteur réinitialisé pour {user.get_username()}")


# --- inbox ---------------------------------------------------------------------------------

def _item_ref(obj: Model) -> dict[str, Any]:
    return {"content_type": ContentType.objects.get_for_model(obj), "object_id": obj.pk}


@transaction.atomic
def inbox_comment_add(*, obj: Any, body: str, actor: User, request: HttpRequest | None = None) -> InboxComment:
    comment = InboxComment.objects.create(author=actor, body=body, **_item_ref(obj))
    event_record(action="backoffice.inbox_commented", actor=actor, member=obj.member, obj=obj,
                 request=request, summary="Commentaire interne ajouté")
    return comment


@transaction.atomic
def inbox_assign(*, obj: Any, assignee: User, actor: User, request: HttpRequest | None = None) -> InboxAssignment:
    assignment, _ = InboxAssignment.objects.update_or_create(defaults={"assignee": assignee}, **_item_ref(obj))
    event_record(action="backoffice.inbox_assigned", actor=actor, member=obj.member, obj=obj,
                 request=request, summary=f"Attribuée à {assignee.display_name}")
    return assignment


CONFLICT_MESSAGE = ("Un collègue a traité cette demande pendant votre saisie : votre réponse n'a pas été "
                    "enregistrée. Elle est conservée ci-dessous ; relisez l'historique puis renvoyez-la si "
                    "elle est toujours utile.")


def _claim_version(obj: Any, version: int | None) -> None:
    """Only forms state a version; item types without one (or callers without a form) are not checked."""
    if version is None or not hasattr(obj, "version"):
        return
    version_claim(obj, version=version, message=CONFLICT_MESSAGE)


@transaction.atomic
def inbox_answer(*, item: InboxItem, status: str, answer: str, apply_data: dict[str, Any] | None = None, actor: User,
                 version: int | None = None, request: HttpRequest | None = None) -> None:
    """Answer an item and, when staff asked for it, carry it into the member's record first.

    One transaction: if applying fails (e.g. an invalid address) the member is not told
    their request is processed. `version` is the one the form showed (optimistic locking).
    """
    _claim_version(item.obj, version)
    if apply_data is not None:
        if status != RequestStatus.DONE:
            raise ValidationError("Pour appliquer la demande au dossier de l'adhérent, choisissez le statut « Traitée ».")
        item.source.apply(obj=item.obj, data=apply_data, actor=actor, request=request)
        event_record(action="backoffice.inbox_applied", actor=actor, member=item.member, obj=item.obj,
                     request=request, summary="Appliquée au dossier de l'adhérent")
    item.source.answer(obj=item.obj, status=status, answer=answer, actor=actor, request=request)


def inbox_bulk_assign(*, items: list[InboxItem], assignee: User, actor: User,
                      request: HttpRequest | None = None) -> int:
    for item in items:
        inbox_assign(obj=item.obj, assignee=assignee, actor=actor, request=request)
    return len(items)


def inbox_bulk_close(*, items: list[InboxItem], answer: str, actor: User,
                     request: HttpRequest | None = None) -> tuple[int, list[str]]:
    """Answer each item "Traitée" with the same text, each in its own transaction: one refused item (a
    declaration that cannot be validated…) does not undo the others. Returns (closed, refusal messages)."""
    closed = 0
    refusals: list[str] = []
    for item in items:
        try:
            inbox_answer(item=item, status=RequestStatus.DONE, answer=answer, actor=actor, request=request)
        except ValidationError as error:
            refusals.append(f"{item.member.number} – {item.source.label} : {' '.join(error.messages)}")
        else:
            closed += 1
    return closed, refusals


@transaction.atomic
def inbox_saved_view_create(*, name: str, query: str, actor: User,
                            request: HttpRequest | None = None) -> InboxSavedView:
    """Shared with the author's care team when they have one (the team's common views), else personal."""
    profile = getattr(actor, "staff_profile", None)
    view = InboxSavedView.objects.create(name=name, query=query, owner=actor,
                                         care_team=profile.care_team if profile else None)
    event_record(action="backoffice.inbox_view_saved", actor=actor, obj=view, request=request,
                 summary=f"Vue « {name} » enregistrée")
    return view


@transaction.atomic
def inbox_saved_view_delete(*, view: InboxSavedView, actor: User, request: HttpRequest | None = None) -> None:
    event_record(action="backoffice.inbox_view_deleted", actor=actor, obj=view, request=request,
                 summary=f"Vue « {view.name} » supprimée")
    view.delete()


@transaction.atomic
def reply_template_create(*, title: str, body: str, source_key: str, actor: User,
                          request: HttpRequest | None = None) -> ReplyTemplate:
    template = ReplyTemplate.objects.create(title=title, body=body, source_key=source_key)
    event_record(action="backoffice.reply_template_created", actor=actor, obj=template, request=request,
                 summary=f"Modèle de réponse « {title} » créé")
    return template


@transaction.atomic
def reply_template_delete(*, template: ReplyTemplate, actor: User, request: HttpRequest | None = None) -> None:
    event_record(action="backoffice.reply_template_deleted", actor=actor, obj=template, request=request,
                 summary=f"Modèle de réponse « {template.title} » supprimé")
    template.delete()


@transaction.atomic
def situation_change_answer(*, change: SituationChangeRequest, status: str, answer: str, actor: User,
                            request: HttpRequest | None = None) -> SituationChangeRequest:
    """Answer the member: the status and the answer appear in their portal, and by e-mail."""
    answer = request_answer_clean(status=status, answer=answer)
    with scopes_disabled():
        change.status = status
        change.answer = answer
        change.save(update_fields=["status", "answer", "updated_at"])
    member_change_record(action="backoffice.situation_change_answered", actor=actor, member=change.member, obj=change,
                         request=request, summary=f"{change.get_kind_display()} : {change.get_status_display()}",
                         data={"status": status})
    transaction.on_commit(lambda: _notify_member_of_answer(change))
    return change


def _notify_member_of_answer(change: SituationChangeRequest) -> None:
    recipients = member_account_emails(member=change.member)
    if not recipients:
        return
    send_mail(
        subject=f"[Portail] Votre changement de situation : {change.get_status_display()}",
        message=(
            "Bonjour,\n\n"
            f"Votre déclaration « {change.get_kind_display()} » (date d'effet "
            f"{change.effective_date:%d/%m/%Y}) est désormais : {change.get_status_display()}.\n\n"
            f"Réponse du service :\n{change.answer}\n\n"
            "Retrouvez-la dans votre espace adhérent, rubrique « Changement de situation »."
        ),
        from_email=None,
        recipient_list=recipients,
        fail_silently=False,
    )


def member_consultation_record(*, member: Member, actor: User, request: HttpRequest | None = None) -> None:
    """Staff opened a member's record: who looked at whose data, and when, stays in the log."""
    event_record(action="backoffice.member_viewed", actor=actor, member=member, obj=member, request=request,
                 summary="Dossier de l'adhérent consulté")


def provisional_export_record(*, campaign: Campaign, actor: User, request: HttpRequest | None = None) -> None:
    event_record(action="declarations.provisional_call_exported", actor=actor, obj=campaign, request=request,
                 summary=f"Appel provisionnel {campaign.year} exporté")


def campaign_export_record(*, campaign: Campaign, actor: User, request: HttpRequest | None = None) -> None:
    event_record(action="declarations.campaign_exported", actor=actor, obj=campaign, request=request,
                 summary=f"Déclarations de la campagne {campaign.year} exportées")


def dashboard_export_record(*, year: int, actor: User, request: HttpRequest | None = None) -> None:
    event_record(action="backoffice.dashboard_exported", actor=actor, request=request,
                 summary=f"Export du tableau de bord {year}")


# --- members and portal accounts -----------------------------------------------------------

@transaction.atomic
def member_onboard(*, data: dict[str, Any], account_email: str, actor: User,
                   request: HttpRequest | None = None) -> Member:
    """A new adhérent and its portal login (username = number), credentials e-mailed."""
    member = member_create(data=data, actor=actor, request=request)
    portal_account_create(kind=AccountKind.MEMBER, username=member.number, email=account_email, member=member,
                          actor=actor, request=request)
    return member


# --- structure and settings (administrators) ------------------------------------------------

@transaction.atomic
def structure_save(*, form: ModelForm[M], actor: User, request: HttpRequest | None = None) -> M:
    """Save a validated structure ModelForm (centre, care team, person, service settings), audited."""
    created = form.instance.pk is None
    changed = sorted(form.changed_data)
    instance = form.save()
    shared_settings_changed()
    label = str(instance._meta.verbose_name)
    event_record(action=f"structure.{instance._meta.model_name}_{'created' if created else 'updated'}",
                 actor=actor, obj=instance, request=request,
                 summary=f"{label.capitalize()} « {instance} » {'créé(e)' if created else 'modifié(e)'}",
                 data={"fields": changed})
    return instance


@transaction.atomic
def rules_section_save(*, form: ModelForm[M], section: str, actor: User, request: HttpRequest | None = None) -> M:
    """Save one validated section of "Tarifs, délais et objectifs" (a singleton ModelForm), audited with each
    field before → after. Nothing changed: nothing written, nothing logged."""
    # form.instance already holds the new values (ModelForm validation sets them): read the stored row.
    stored = type(form.instance)._default_manager.filter(pk=form.instance.pk).first()
    before = {name: getattr(stored, name) if stored else None for name in form.fields}
    changed = [name for name in form.fields if form.cleaned_data[name] != before[name]]
    if not changed:
        return form.instance
    instance = form.save()
    shared_settings_changed()
    event_record(action=f"settings.{instance._meta.model_name}_updated", actor=actor, obj=instance, request=request,
                 summary=f"Paramètres modifiés : {section}",
                 data={name: [str(before[name]), str(getattr(instance, name))] for name in changed})
    return instance


@transaction.atomic
def inbox_targets_save(*, targets: dict[str, int], actor: User, request: HttpRequest | None = None) -> list[str]:
    """Set the service-level target of each inbox request type; returns the keys that changed."""
    current = target_table()
    changed = {key: days for key, days in targets.items()
               if days != current.get(key, default_target_days(key))}
    for key, days in changed.items():
        InboxTarget.objects.update_or_create(source_key=key, defaults={"days": days})
    if changed:
        event_record(action="settings.inbox_targets_updated", actor=actor, request=request,
                     summary="Délais cibles de la boîte de réception : "
                             + ", ".join(f"{key} {days} j" for key, days in sorted(changed.items())),
                     data={key: [current.get(key, default_target_days(key)), days] for key, days in changed.items()})
    return sorted(changed)


def service_for_settings() -> Service:
    """The Service row, created from the deployment defaults the first time settings are edited."""
    from django.conf import settings

    service = service_get()
    if service is None:
        defaults = settings.SERVICE_DEFAULTS
        service = Service(name=defaults["name"], tagline=defaults["tagline"], hotline_email=defaults["hotline_email"])
    return service


# --- "Voir comme l'adhérent" ----------------------------------------------------------------

def view_as_start(*, request: HttpRequest, member: Member) -> None:
    """Read-only view of a member's portal for this staff session (enforced in core.tenancy)."""
    previous = request.session.get(VIEW_AS_KEY)
    if previous is not None and previous != member.pk:
        view_as_stop(request=request)
    request.session[VIEW_AS_KEY] = member.pk
    event_record(action="backoffice.view_as_started", actor=request.user, member=member, obj=member,
                 request=request, summary="Début de « Voir comme l'adhérent » (lecture seule)")


def view_as_stop(*, request: HttpRequest) -> Member | None:
    """End the read-only view; returns the member that was viewed, if any."""
    member_id = request.session.pop(VIEW_AS_KEY, None)
    member = Member.objects.filter(pk=member_id).first() if member_id is not None else None
    if member is not None:
        event_record(action="backoffice.view_as_ended", actor=request.user, member=member, obj=member,
                     request=request, summary="Fin de « Voir comme l'adhérent »")
    return member
