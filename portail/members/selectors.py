"""Reads for the members app. Portal callers always pass the current member."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet

from portail.members.freshness import shared_cached
from portail.members.models import (
    ADMIN_TEAM_ROLES,
    MEDICAL_TEAM_ROLES,
    Centre,
    Member,
    MemberAddress,
    MemberContact,
    MemberNotice,
    NoticeDelivery,
    Service,
    SituationChangeRequest,
    TeamMember,
)


@dataclass(frozen=True)
class Branding:
    name: str
    tagline: str
    hotline_email: str
    primary_color: str
    accent_color: str
    logo_url: str
    # How members reach the service, e.g. when a cancellation can no longer be asked online.
    phone: str = ""


def service_get() -> Service | None:
    return Service.objects.order_by("pk").first()


def service_branding() -> Branding:
    """Every page shows it: kept with the service's settings (see freshness.py)."""
    return shared_cached(name="branding", compute=_service_branding_read)


def member_heads_a_group(*, member_id: int) -> bool:
    """Whether establishments are grouped under this member ("Liste des regroupées"), which every page of the
    portal asks to show the "Changer d'adhérent" link. Groups are the service's structure: kept with its settings,
    and member_group_head_set renews them."""
    return shared_cached(name=f"heads-group:{member_id}",
                         compute=lambda: Member.objects.filter(group_head_id=member_id).exists())


def _service_branding_read() -> Branding:
    defaults = settings.SERVICE_DEFAULTS
    service = service_get()
    if service is None:
        return Branding(defaults["name"], defaults["tagline"], defaults["hotline_email"], "#5b2a86", "#b0005e", "")
    return Branding(
        name=service.name,
        tagline=service.tagline,
        hotline_email=service.hotline_email,
        primary_color=service.primary_color,
        accent_color=service.accent_color,
        logo_url=service.logo.url if service.logo else "",
        phone=service.phone,
    )


def member_addresses(*, member: Member) -> QuerySet[MemberAddress]:
    return MemberAddress.objects.filter(member=member)


def member_address_get(*, member: Member, pk: int) -> MemberAddress:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(MemberAddress, member=member, pk=pk)


def member_contacts(*, member: Member) -> QuerySet[MemberContact]:
    return MemberContact.objects.filter(member=member)


def member_contact_get(*, member: Member, pk: int) -> MemberContact:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(MemberContact, member=member, pk=pk)


def member_notices(*, member: Member, user_id: int | None = None, limit: int = 100) -> QuerySet[MemberNotice]:
    """The company's notices, newest first; with `user_id`, each says whether that user has yet to read it
    (`unread`)."""
    notices = MemberNotice.objects.filter(member=member)
    if user_id is not None:
        notices = notices.annotate(unread=Exists(NoticeDelivery.objects.filter(
            notice=OuterRef("pk"), user_id=user_id, read_at__isnull=True)))
    return notices.order_by("-created_at", "-pk")[:limit]


def unread_notice_count(*, member: Member, user_id: int) -> int:
    """The count in the portal header: one indexed count (notice_unread_idx)."""
    return NoticeDelivery.objects.filter(user_id=user_id, member=member, read_at__isnull=True).count()


def situation_changes(*, member: Member) -> QuerySet[SituationChangeRequest]:
    return SituationChangeRequest.objects.filter(member=member)


def situation_change_get(*, member: Member, pk: int) -> SituationChangeRequest:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(SituationChangeRequest, member=member, pk=pk)


@dataclass(frozen=True)
class ServiceContacts:
    centre: Centre | None
    medical_team: list[TeamMember]
    admin_team: list[TeamMember]


def _team_people(member: Member) -> list[TeamMember]:
    if member.care_team is None:
        return []
    return list(member.care_team.people.all())


def service_contacts(*, member: Member) -> ServiceContacts:
    """Tab 2.2: the centre and the people following this member, médical roles first."""
    people = _team_people(member)
    order: dict[str, int] = {role: index for index, role in enumerate([*MEDICAL_TEAM_ROLES, *ADMIN_TEAM_ROLES])}
    people.sort(key=lambda person: (order.get(person.role, 99), person.last_name))
    return ServiceContacts(
        centre=member.centre,
        medical_team=[p for p in people if p.role in MEDICAL_TEAM_ROLES],
        admin_team=[p for p in people if p.role in ADMIN_TEAM_ROLES],
    )


def team_member_for_member(*, member: Member, pk: int) -> TeamMember:
    """A person of the member's own team; anyone else answers 404."""
    from django.http import Http404

    for person in _team_people(member):
        if person.pk == pk:
            return person
    raise Http404


FIRST_MEMBER_NUMBER = 100001


def member_number_next() -> str:
    """The next number after the highest numeric one (gaps are fine; uniqueness is the DB's job)."""
    from django.db.models import IntegerField, Max
    from django.db.models.functions import Cast

    highest = (
        Member.objects.filter(number__regex=r"^[0-9]{1,9}$")
        .aggregate(top=Max(Cast("number", IntegerField())))["top"]
    )
    return str(max((highest or 0) + 1, FIRST_MEMBER_NUMBER))
