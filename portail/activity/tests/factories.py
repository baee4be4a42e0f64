import datetime

import factory
from factory.django import DjangoModelFactory

from portail.activity.models import ActionKind, WorkplaceAction
from portail.members.tests.factories import MemberFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class WorkplaceActionFactory(DjangoModelFactory):
    class Meta:
        model = WorkplaceAction

    member = factory.SubFactory(MemberFactory)
    date = datetime.date(2025, 3, 10)
    kind = ActionKind.JOB_STUDY
    title = factory.Sequence(lambda n: f"Action {n}")
    summary = "Compte rendu pour l'employeur."
