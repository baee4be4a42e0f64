"""`{% field %}` prints exactly what `{% include "core/_field.html" %}` prints, for every branch of that template
(the widgets themselves: portail/core/tests/test_form_renderer.py)."""

import pytest
from django import forms
from django.http import QueryDict
from django.template import engines

from portail.core.field_html import field_html

TEMPLATE = engines["django"]


class Sample(forms.Form):
    name = forms.CharField(label="Nom & prénom", max_length=10, help_text="Au plus <b>10</b> lettres")
    optional = forms.CharField(
        label="Facultatif", required=False, widget=forms.TextInput(attrs={"placeholder": "ex. <x>", "autofocus": True})
    )
    code = forms.CharField(required=False, widget=forms.HiddenInput)
    count = forms.IntegerField(label="Nombre", required=False, min_value=1)
    kind = forms.ChoiceField(label="Type", choices=[("", "—"), ("a", "A < B"), ("b", "B & C")])
    grouped = forms.ChoiceField(
        label="Groupé", required=False, choices=[("", "Aucun"), ("Lettres", [("x", "X"), ("y", "Y")]), ("z", "Z")]
    )
    agree = forms.BooleanField(label="J'accepte", required=False)
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea)
    when = forms.DateField(label="Date", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    many = forms.MultipleChoiceField(label="Plusieurs", required=False, choices=[("1", "Un"), ("2", "Deux")])


DATA = [
    None,
    "",
    "name=abc&kind=a",
    "name=" + "x" * 11 + "&kind=zz&count=0&grouped=y&agree=on&code=<c>&optional=\"'<>&",
    "name=<script>&kind=b&grouped=nope&count=abc&when=2026-13-45&many=1&many=3",
    "kind=a&kind=b&name=a&name=b&note=<p>",
]


@pytest.mark.parametrize("query", DATA)
@pytest.mark.parametrize("name", list(Sample.base_fields))
def test_field_equals_the_template(query, name):
    form = Sample(QueryDict(query) if query is not None else None)
    form.is_valid()
    included = TEMPLATE.from_string('{% include "core/_field.html" with field=form.' + name + " %}").render(
        {"form": form}
    )
    assert field_html(form[name]) == included


def test_tags_print_the_same():
    form = Sample(QueryDict("name=<b>&kind=zz"))
    form.is_valid()
    drawn = TEMPLATE.from_string("{% load ui %}{% field form.name %}|{% field form.kind %}")
    former = TEMPLATE.from_string(
        '{% include "core/_field.html" with field=form.name %}|{% include "core/_field.html" with field=form.kind %}'
    )
    assert drawn.render({"form": form}) == former.render({"form": form})
    assert "has-error" in drawn.render({"form": form})
