"""`{% field form.x %}`, the one way a field is drawn: its label (with the required mark), the widget, the help text
and the errors tied to it for screen readers, a checkbox after its box; what the user typed is escaped."""

from django import forms
from django.template import engines

TEMPLATE = engines["django"].from_string("{% field form.name %}|{% field form.agree %}|{% field form.note %}")


class Sample(forms.Form):
    name = forms.CharField(label="Nom & prénom", max_length=5, help_text="Au plus <b>5</b> lettres")
    agree = forms.BooleanField(label="J'accepte", required=False)
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea)


def _drawn(data=None) -> list[str]:
    form = Sample(data)
    form.is_valid()
    return TEMPLATE.render({"form": form}).split("|")


def test_label_required_mark_widget_and_help_text():
    name, agree, note = _drawn()
    assert '<div class="field">' in name
    assert '<label for="id_name">Nom &amp; prénom <span class="required" aria-hidden="true">*</span></label>' in name
    assert '<input type="text" name="name" maxlength="5" required aria-describedby="id_name_helptext" id="id_name">' in name
    assert '<p class="help" id="id_name_helptext">Au plus <b>5</b> lettres</p>' in name  # help text is ours: HTML
    assert '<label for="id_note">Note</label>' in note and "required" not in note


def test_a_checkbox_comes_before_its_label():
    agree = _drawn()[1]
    assert '<div class="field checkbox">' in agree
    assert agree.index('<input type="checkbox" name="agree" id="id_agree">') < agree.index('<label for="id_agree">')
    assert "J&#x27;accepte" in agree


def test_errors_are_listed_next_to_the_field_with_what_was_typed():
    name = _drawn({"name": "<script>x</script>"})[0]
    assert '<div class="field has-error">' in name
    assert 'aria-invalid="true"' in name and 'value="&lt;script&gt;x&lt;/script&gt;"' in name
    assert '<ul class="errorlist" id="id_name_error"><li>' in name and "<script>" not in name


class Choices(forms.Form):
    sex = forms.ChoiceField(label="Sexe", choices=[("H", "Homme"), ("F", "Femme")], widget=forms.RadioSelect)
    days = forms.MultipleChoiceField(label="Jours & co", required=False, choices=[("1", "Lundi")],
                                     widget=forms.CheckboxSelectMultiple)


def test_a_group_of_boxes_is_a_fieldset_named_by_its_legend():
    form = Choices({"sex": "X"})
    form.is_valid()
    html = engines["django"].from_string('{% field form.sex "radio-inline" %}|{% field form.days %}').render(
        {"form": form})
    sex, days = html.split("|")
    assert sex.strip().startswith('<fieldset class="field has-error radio-inline">')
    assert '<legend>Sexe <span class="required" aria-hidden="true">*</span></legend>' in sex
    assert '<label for="id_sex_0"><input type="radio" name="sex" value="H"' in sex and "<label for=\"id_sex\"" not in sex
    assert '<ul class="errorlist" id="id_sex_error">' in sex and sex.strip().endswith("</fieldset>")
    assert '<fieldset class="field">' in days and "<legend>Jours &amp; co</legend>" in days
