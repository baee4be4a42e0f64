"""Inbox adapters for the request types that exist today."""

from portail.backoffice.forms import ApplyAddressForm, ApplyStatusForm
from portail.backoffice.inbox import InboxSource, of_member, register, timings
from portail.backoffice.services import situation_change_answer
from portail.core.formatting import date_fr
from portail.members.models import MemberStatus, RequestStatus, SituationChangeKind, SituationChangeRequest
from portail.members.services import member_radiate, member_update_on

ADDRESS_FIELDS = ("address_line1", "address_line2", "address_line3", "postal_code", "city", "country")
STATUS_CHANGES = {
    SituationChangeKind.CESSATION: (MemberStatus.RADIATED, "Radiation"),
    SituationChangeKind.DORMANT: (MemberStatus.SUSPENDED, "Mise en sommeil"),
}


class SituationChangeSource(InboxSource):
    key = "situation_change"
    label = "Changement de situation"
    model = SituationChangeRequest

    def summary(self, obj) -> str:
        return f"{obj.get_kind_display()} au {date_fr(obj.effective_date)}"

    def details(self, obj) -> list[tuple[str, str]]:
        return [
            ("Type de changement", obj.get_kind_display()),
            ("Date d'effet", date_fr(obj.effective_date)),
            ("Commentaire de l'adhérent", obj.comment or "—"),
            ("Déclarée par", obj.created_by.display_name if obj.created_by else "—"),
        ]

    def attachment(self, obj):
        return obj.attachment or None

    def processing_times(self, *, member, year: int):
        from django.db.models import F, OuterRef, Subquery

        changes = SituationChangeRequest.objects.filter(of_member(member), created_at__year=year)
        # Processed = the first time the history shows it "Traitée" or "Refusée".
        first_processed = (
            SituationChangeRequest.history.filter(id=OuterRef("pk"), status__in=(RequestStatus.DONE, RequestStatus.REFUSED))
            .order_by("history_date").values("history_date")[:1]
        )
        return timings(changes, source=self.key, received=F("created_at"), processed=Subquery(first_processed))

    def answer(self, *, obj, status: str, answer: str, actor, request=None) -> None:
        situation_change_answer(change=obj, status=status, answer=answer, actor=actor, request=request)

    def apply_form(self, obj, data=None):
        if obj.kind in STATUS_CHANGES:
            _, label = STATUS_CHANGES[obj.kind]
            return ApplyStatusForm(data, initial={"on": obj.effective_date}, action_label=label)
        if obj.kind == SituationChangeKind.ADDRESS:
            # Blank lines, not the current ones: the new address is typed whole, so no line of the old one
            # survives unnoticed (an old "Bâtiment B" under a new street).
            return ApplyAddressForm(data, initial={"country": "France", "on": obj.effective_date,
                                                   "member_version": obj.member.version})
        return None

    def apply(self, *, obj, data: dict, actor, request=None) -> None:
        if obj.kind in STATUS_CHANGES:
            status, _ = STATUS_CHANGES[obj.kind]
            member_radiate(member=obj.member, on=data["on"], status=status, actor=actor, request=request)
        elif obj.kind == SituationChangeKind.ADDRESS:
            member_update_on(member=obj.member, data={f: data[f] for f in ADDRESS_FIELDS}, effective_date=data.get("on") or obj.effective_date,
                             version=data.get("member_version"), actor=actor, request=request)
        else:  # apply_form() offers no form for other kinds, so this is a programming error
            raise ValueError(f"no way to apply a situation change of kind {obj.kind}")


register(SituationChangeSource())
