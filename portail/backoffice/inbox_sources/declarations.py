"""Submitted declarations waiting for the service's validation, in the back-office inbox."""

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from portail.backoffice.inbox import InboxItem, InboxSource, of_member, register, timings
from portail.core.formatting import count_fr, datetime_fr, money_fr
from portail.declarations.models import CampaignStatus, Declaration, DeclarationStatus
from portail.declarations.services import declaration_reopen, declaration_validate


class DeclarationSource(InboxSource):
    key = "declaration"
    label = "Déclaration d'effectif"
    model = Declaration

    def queryset(self):
        # Submitted, not yet validated, current versions of the open campaign: a validated one leaves the
        # inbox; those of closed campaigns are worked from the campaign dashboard ("Confirmée" filter).
        return Declaration.objects.filter(status=DeclarationStatus.CONFIRMED, validated=False,
                                          reopened_as__isnull=True, campaign__status=CampaignStatus.OPEN,
                                          ).select_related("member", "campaign")

    def item(self, obj) -> InboxItem:
        return self.make_item(obj, received=obj.submitted_at or obj.created_at, status=obj.status,
                              status_label="Confirmée – à valider")

    def summary(self, obj) -> str:
        return f"Déclaration n° {obj.number} ({obj.period_label}) – {count_fr(obj.total_count, 'salarié')}"

    def details(self, obj) -> list[tuple[str, str]]:
        return [
            ("Période", obj.period_label),
            ("Effectif", f"SI {obj.count_si} · SIA {obj.count_sia} · SIR {obj.count_sir}"),
            ("Cotisation", f"{money_fr(obj.amount_ht)} HT · {money_fr(obj.amount_ttc)} TTC"),
            ("Transmise le", datetime_fr(obj.submitted_at)),
            ("Transmise par", obj.submitted_by.display_name if obj.submitted_by else "—"),
        ]

    def processing_times(self, *, member, year: int):
        """Submitted in the year; processed when validated, or when the service reopened it (refused)."""
        submitted = Declaration.objects.filter(of_member(member), status=DeclarationStatus.CONFIRMED,
                                               submitted_at__year=year)
        # The new version, looked up only for a declaration not validated (an index probe each), instead of
        # joining every declaration of the service to its possible new version.
        reopened = Declaration.objects.filter(reopens=OuterRef("pk")).order_by().values("created_at")[:1]
        return timings(submitted, source=self.key, received=F("submitted_at"),
                       processed=Coalesce(F("validated_at"), Subquery(reopened)))

    def answer(self, *, obj, status: str, answer: str, actor, request=None) -> None:
        """"Traitée" validates and bills; "Refusée" reopens with the answer as the reason."""
        if status == "done":
            declaration_validate(declaration=obj, actor=actor, request=request)
        elif status == "refused":
            declaration_reopen(declaration=obj, actor=actor, reason=answer, request=request)


register(DeclarationSource())
