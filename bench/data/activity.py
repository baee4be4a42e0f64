"""Scale data: workplace actions (AMT) per volume member — the fiche d'entreprise (created for most, some
updated since, a few never made or out of date), and other actions in proportion to the company's size, over
the last two years, each with one preventer as intervenant."""

from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction

from bench.data.bulk import copy_rows, reserve_ids
from portail.activity.models import ActionKind, WorkplaceAction
from portail.members.models import TeamMember, TeamRole

COLUMNS = ["id", "member_id", "date", "kind", "title", "summary", "participants", "document", "created_by_id",
           "created_at"]
OTHER_KINDS = [
    (ActionKind.JOB_STUDY, "Étude de poste"),
    (ActionKind.SITE_VISIT, "Visite des locaux de travail"),
    (ActionKind.AWARENESS, "Sensibilisation aux risques du poste"),
    (ActionKind.RISK_ASSESSMENT, "Aide à la mise à jour du DUERP"),
    (ActionKind.METROLOGY, "Mesures de bruit"),
    (ActionKind.CSE, "Réunion CSSCT"),
]
SUMMARY = "Compte rendu transmis à l'employeur (données de volume)."


def _actions(ctx, members, today):
    rng = ctx.rng
    for member_id, size in members:
        roll = rng.random()
        if roll < 0.85:  # fiche d'entreprise made within the last five years (older ones are due again)
            made = today - timedelta(days=rng.randrange(5 * 365))
            yield member_id, made, ActionKind.COMPANY_SHEET_CREATION, "Fiche d'entreprise", None
            if made < today - timedelta(days=365) and rng.random() < 0.3:
                updated = made + timedelta(days=rng.randrange((today - made).days))
                yield member_id, updated, ActionKind.COMPANY_SHEET_UPDATE, "Mise à jour de la fiche d'entreprise", None
        for _ in range(min(30, size // 20 + (1 if rng.random() < 0.3 else 0))):
            kind, title = OTHER_KINDS[rng.randrange(len(OTHER_KINDS))]
            participants = rng.randint(3, 40) if kind == ActionKind.AWARENESS else None
            yield member_id, today - timedelta(days=rng.randrange(730)), kind, title, participants


def generate(*, ctx, stdout) -> None:
    today = date.today()
    preventers = ctx.created.get("team", {}).get(TeamRole.PREVENTER) or list(
        TeamMember.objects.filter(role=TeamRole.PREVENTER).values_list("pk", flat=True)[:1])
    actions = list(_actions(ctx, ctx.created["members"], today))
    with transaction.atomic():
        first = reserve_ids(WorkplaceAction, len(actions))
        copy_rows(WorkplaceAction, COLUMNS, (
            (first + i, member_id, day, kind, title, SUMMARY, participants, "", None,
             datetime.combine(day, time(17), tzinfo=UTC))
            for i, (member_id, day, kind, title, participants) in enumerate(actions)
        ))
        if preventers:
            copy_rows(WorkplaceAction.staff.through, ["workplaceaction_id", "teammember_id"],
                      ((first + i, preventers[i % len(preventers)]) for i in range(len(actions))))
    sheets = sum(1 for a in actions if a[2] == ActionKind.COMPANY_SHEET_CREATION)
    print(f"  {len(actions)} actions en milieu de travail, dont {sheets} fiches d'entreprise", file=stdout)
