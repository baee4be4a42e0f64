"""Reads of the business event log."""

from django.db.models import Max, OuterRef, Subquery

from portail.audit.models import Event


def last_change_subquery(member_ref: str = "pk") -> Subquery:
    """When something last happened for the member of the outer row (any recorded event): an index read each."""
    latest = (Event.objects.filter(member=OuterRef(member_ref)).order_by().values("member")
              .annotate(at=Max("at")).values("at"))
    return Subquery(latest)
