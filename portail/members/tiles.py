from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from portail.core.tiles import Tile
from portail.members.models import MemberNotice

RECENT_DAYS = 30


def tile(*, member) -> Tile:
    """The service's recent messages (a visit moved or cancelled, a request refused): the member's news."""
    recent = list(MemberNotice.objects.filter(member=member, created_at__gte=timezone.now() - timedelta(days=RECENT_DAYS))
                  .order_by("-created_at", "-pk").values_list("subject", flat=True)[:50])
    return Tile(
        key="notices",
        title="Messages du service",
        value=str(len(recent)),
        detail=f"Dernier : {recent[0]}" if recent else f"Aucun message ces {RECENT_DAYS} derniers jours",
        url=reverse("members:notices"),
        tone="warning" if recent else "ok",
    )
