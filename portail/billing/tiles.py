from django.urls import reverse

from portail.billing.selectors import statement
from portail.core.formatting import count_fr, money_fr
from portail.core.tiles import Tile


def tile(*, member) -> Tile:
    current = statement(member=member)
    overdue = sum(1 for row in current.rows if row.overdue)
    if current.balance > 0:
        detail = f"dont {count_fr(overdue, 'facture échue')}" if overdue else "Aucune facture échue"
        tone = "alert" if overdue else "warning"
    else:
        detail, tone = ("Crédit en votre faveur" if current.balance < 0 else "Vous êtes à jour"), "ok"
    return Tile(key="billing", title="Solde dû", value=money_fr(current.balance), detail=detail,
                url=reverse("billing:invoices"), tone=tone)
