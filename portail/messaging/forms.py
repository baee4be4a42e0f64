from django import forms

from portail.core import validators

ATTACHMENT_HELP = "Facultatif. PDF uniquement, 5 Mo au plus."


class MessageForm(forms.Form):
    body = forms.CharField(label="Votre message", max_length=4000, widget=forms.Textarea(attrs={"rows": 6}))
    attachment = forms.FileField(label="Pièce jointe (PDF)", required=False, help_text=ATTACHMENT_HELP,
                                 widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}))

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("Écrivez votre message.")
        return body

    def clean_attachment(self):
        return validators.clean_pdf_upload(self.cleaned_data.get("attachment"))


class ThreadForm(MessageForm):
    about = forms.ChoiceField(label="À propos de", choices=())
    subject = forms.CharField(label="Objet", max_length=200, required=False,
                              help_text="Pour une question libre ; sinon, l'objet est la demande choisie.")

    field_order = ["about", "subject", "body", "attachment"]

    def clean_subject(self) -> str:
        # One line: it becomes the subject of the e-mails about the thread.
        return " ".join((self.cleaned_data.get("subject") or "").split())

    def __init__(self, *args, subjects: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        about = self.fields["about"]
        assert isinstance(about, forms.ChoiceField)
        about.choices = subjects

    def clean(self):
        data = super().clean() or self.cleaned_data
        if data.get("about") == "question" and not (data.get("subject") or "").strip():
            self.add_error("subject", "Donnez un objet à votre question.")
        return data
