"""Demo: workplace actions for member 100001 over 2024–2026 (incl. its fiche d'entreprise) and a couple for
100003. Fictional content, no medical data. Idempotent: each action is keyed by member, date and title."""

from datetime import date

from django.core.files.base import ContentFile
from django.template.loader import render_to_string

from portail.activity.models import ActionKind, WorkplaceAction
from portail.members.models import Member, TeamMember, TeamRole

K = ActionKind
# Per member number: (date, kind, title, summary, roles of the staff present, participants, with a PDF).
Row = tuple[date, str, str, str, tuple[str, ...], int | None, bool]
ACTIONS: dict[str, list[Row]] = {
    "100001": [
        (date(2024, 3, 14), K.COMPANY_SHEET_CREATION, "Fiche d'entreprise – établissement de Cabestany",
         "Visite de l'établissement et recensement des risques : travail sur écran, manutentions, "
         "déplacements routiers. La fiche vous a été transmise ; présentez-la à votre CSE.",
         (TeamRole.DOCTOR, TeamRole.PREVENTER), None, True),
        (date(2024, 6, 20), K.JOB_STUDY, "Étude du poste d'agent d'accueil",
         "Recommandations : écran à hauteur des yeux, siège réglable, alternance des tâches.",
         (TeamRole.PREVENTER,), None, False),
        (date(2024, 10, 8), K.AWARENESS, "Sensibilisation aux troubles musculo-squelettiques",
         "Session collective de 2 heures : gestes et postures, aménagement du poste.", (TeamRole.NURSE,), 18, False),
        (date(2025, 2, 11), K.METROLOGY, "Mesures de bruit dans l'atelier",
         "Niveaux relevés entre 78 et 84 dB(A) ; port de protections conseillé près de la presse.",
         (TeamRole.PREVENTER,), None, False),
        (date(2025, 4, 3), K.CSE, "Participation à la réunion du CSE",
         "Présentation de la fiche d'entreprise et du programme de prévention.", (TeamRole.DOCTOR,), None, False),
        (date(2025, 6, 17), K.JOB_STUDY, "Étude du poste de magasinier",
         "Proposition d'un chariot à hauteur variable pour limiter les ports de charges.",
         (TeamRole.PREVENTER, TeamRole.NURSE), None, False),
        (date(2025, 9, 23), K.AWARENESS, "Information collective sur le risque routier",
         "Session destinée aux commerciaux itinérants.", (TeamRole.PREVENTER,), 12, False),
        (date(2025, 11, 5), K.RISK_ASSESSMENT, "Aide à la mise à jour du DUERP",
         "Accompagnement de votre référent sécurité pour la cotation des risques.", (TeamRole.PREVENTER,), None, False),
        (date(2026, 1, 20), K.AWARENESS, "Sensibilisation aux risques psychosociaux",
         "Atelier pour l'encadrement de proximité.", (TeamRole.NURSE, TeamRole.DOCTOR), 9, False),
        (date(2026, 2, 12), K.JOB_STUDY, "Étude du poste de préparateur de commandes",
         "Analyse des ports de charges et des cadences ; pistes d'aménagement transmises.",
         (TeamRole.PREVENTER,), None, False),
        (date(2026, 3, 5), K.CSE, "Participation à la CSSCT", "Point sur le plan d'actions de prévention.",
         (TeamRole.DOCTOR,), None, False),
    ],
    "100003": [
        (date(2025, 3, 18), K.COMPANY_SHEET_CREATION, "Fiche d'entreprise – garage",
         "Risques recensés : produits chimiques (huiles, solvants), bruit, manutentions.",
         (TeamRole.DOCTOR, TeamRole.PREVENTER), None, False),
        (date(2025, 5, 27), K.METROLOGY, "Mesure des vapeurs de solvants en cabine de peinture",
         "Ventilation à vérifier ; nouveau contrôle conseillé après travaux.", (TeamRole.PREVENTER,), None, False),
    ],
}


def _sheet_pdf(member: Member, day: date) -> bytes:
    from weasyprint import HTML

    html = render_to_string("portal/demo/company_sheet.html", {"member": member, "day": day})
    return HTML(string=html).write_pdf()


def load(*, stdout) -> None:
    staff_by_role = {person.role: person for person in TeamMember.objects.order_by("pk")}
    created = 0
    for number, rows in ACTIONS.items():
        member = Member.objects.filter(number=number).first()
        if member is None:
            continue
        for day, kind, title, summary, roles, participants, with_pdf in rows:
            action, is_new = WorkplaceAction.objects.get_or_create(
                member=member, date=day, title=title,
                defaults={"kind": kind, "summary": summary, "participants": participants},
            )
            if not is_new:
                continue
            created += 1
            action.staff.set([staff_by_role[r] for r in roles if r in staff_by_role])
            if with_pdf:
                action.document.save(f"fiche-entreprise-{number}.pdf", ContentFile(_sheet_pdf(member, day)))
    stdout.write(f"  actions en milieu de travail : ok ({created} créées)")
