from django import forms

from portail.activity.models import ActionKind
from portail.core.fields import SafeModelMultipleChoiceField
from portail.core.validators import clean_pdf_upload
from portail.core.widgets import DateInput
from portail.members.models import Member, TeamMember


class StaffChoiceField(SafeModelMultipleChoiceField):
    def label_from_instance(self, obj: TeamMember) -> str:
        return f"{obj} ({obj.get_role_display()})"


class WorkplaceActionForm(forms.Form):
    member_number = forms.CharField(label="N° adhérent", max_length=20)
    date = forms.DateField(label="Date de l'action", widget=DateInput())
    kind = forms.ChoiceField(label="Type d'action", choices=[("", "---------"), *ActionKind.choices])
    title = forms.CharField(label="Intitulé", max_length=200)
    summary = forms.CharField(
        label="Compte rendu pour l'employeur", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Visible par l'adhérent dans « Vos synthèses d'activité ». Aucune donnée médicale ni nominative.",
    )
    staff = StaffChoiceField(
        label="Intervenants", required=False, queryset=TeamMember.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    participants = forms.IntegerField(
        label="Nombre de participants", required=False, min_value=1, max_value=100000,
        help_text="Pour les sensibilisations et informations collectives.",
    )
    document = forms.FileField(label="Document joint (PDF)", required=False)

    def clean_member_number(self) -> Member:
        number = self.cleaned_data["member_number"].strip()
        member = Member.objects.filter(number=number).first()
        if member is None:
            raise forms.ValidationError("Aucun adhérent ne porte ce numéro.")
        return member

    def clean_document(self):
        return clean_pdf_upload(self.cleaned_data.get("document"))
