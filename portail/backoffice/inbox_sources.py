"""Inbox adapters for the request types that exist today."""

from portail.backoffice.inbox import InboxSource, register
from portail.core.formatting import date_fr
from portail.members.models import SituationChangeRequest


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

    def answer(self, *, obj, status: str, answer: str, actor, request=None) -> None:
        from portail.backoffice.services import situation_change_answer

        situation_change_answer(change=obj, status=status, answer=answer, actor=actor, request=request)


register(SituationChangeSource())
