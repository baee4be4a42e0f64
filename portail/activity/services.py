"""Writes for workplace actions: one transaction each, domain checks inside, audited."""

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from portail.activity.models import SESSION_KINDS, WorkplaceAction
from portail.members.freshness import member_change_record
from portail.members.models import Member, TeamMember

if TYPE_CHECKING:
    from portail.accounts.models import User


@transaction.atomic
def workplace_action_record(*, member: Member, date: date, kind: str, title: str, summary: str = "",
                            staff: list[TeamMember] | None = None, participants: int | None = None,
                            document: UploadedFile | None = None, actor: "User | None" = None,
                            request: HttpRequest | None = None) -> WorkplaceAction:
    if date > timezone.localdate():
        raise ValidationError({"date": "Une action ne peut être enregistrée qu'une fois réalisée : la date est dans le futur."})
    if kind in SESSION_KINDS and not participants:
        raise ValidationError({"participants": "Indiquez le nombre de participants à la session."})
    if kind not in SESSION_KINDS:
        participants = None  # a headcount only means something for collective sessions
    action = WorkplaceAction(
        member=member, date=date, kind=kind, title=title, summary=summary,
        participants=participants, created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if document:
        action.document.save(document.name, document, save=False)
    action.full_clean()
    action.save()
    action.staff.set(staff or [])
    member_change_record(
        action="activity.workplace_action_recorded", actor=actor, member=member, obj=action, request=request,
        summary=str(action), data={"kind": kind, "date": date.isoformat(), "document": bool(document)},
    )
    return action
