"""The fast form renderer draws the same bytes as Django's widget templates, on every form of the project and on
the widget cases those forms may not reach (groups of options, safe values, numbers, dates, boolean attributes);
on a Django version it was not checked against, Django's templates draw."""

from datetime import date

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.widgets import ChoiceWidget
from django.utils import timezone
from django.utils.safestring import mark_safe

from portail.core import form_renderer
from portail.core.form_renderer import DRAWERS, FastWidgetRenderer
from portail.security_tests.test_junk_input import FORMS

pytestmark = pytest.mark.django_db

SLOW, FAST = DjangoTemplates(), FastWidgetRenderer()
FAST.drawers = DRAWERS  # the drawing itself is compared, whatever the installed version
TRICKY = 'l\'"<b>&amp; é'


def _build(form_class, renderer, data=None):
    try:
        return form_class(data, renderer=renderer)
    except TypeError:
        return None


def _drawn(form) -> str:
    """The whole form, then each field and each option of choice fields, as a template would draw them."""
    parts = [str(form)]
    for field in form:
        parts.append(str(field))
        if isinstance(field.field.widget, ChoiceWidget):
            for option in field:
                parts += [str(option), option.tag(), option.tag(wrap_label=True)]
    return "\n".join(parts)


@pytest.mark.parametrize("name,form_class", FORMS, ids=[n for n, _ in FORMS])
def test_every_project_form_is_drawn_the_same(name, form_class):
    for data in (None, {}, {field: TRICKY for field in getattr(form_class, "base_fields", {})}):
        slow, fast = _build(form_class, SLOW, data), _build(form_class, FAST, data)
        if slow is None:
            pytest.skip(f"{name} demande des arguments : voir test_forms_with_constructor_arguments_are_drawn_the_same")
        if data is not None:
            slow.is_valid(), fast.is_valid()
        assert _drawn(fast) == _drawn(slow)


class Everything(forms.Form):
    text = forms.CharField(initial=TRICKY, widget=forms.TextInput(attrs={"autofocus": True, "hidden": False,
                                                                          "data-x": 3, "placeholder": TRICKY}))
    safe = forms.CharField(initial=mark_safe("<i>déjà sûr</i>"))  # nosec B308 B703 - test of the safe path
    number = forms.IntegerField(initial=1234567)
    decimal = forms.DecimalField(initial="1234.50")
    day = forms.DateField(initial=date(2026, 11, 27), widget=forms.DateInput(attrs={"type": "date"}))
    hidden = forms.CharField(widget=forms.HiddenInput, initial="caché")
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="s3cr<et")
    tick = forms.BooleanField(initial=True)
    untick = forms.BooleanField(required=False)
    notes = forms.CharField(widget=forms.Textarea, initial=f"ligne 1\n{TRICKY}")
    empty_notes = forms.CharField(widget=forms.Textarea, required=False)
    plain = forms.ChoiceField(choices=[("", "---"), (1, "Un"), (2, TRICKY), (2026, 2026)], initial=2)
    grouped = forms.ChoiceField(choices=[("Groupe <A>", [("a1", "A 1"), ("a2", "A 2")]), ("b", "B")], initial="a2")
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", TRICKY)], initial=["y"])
    radios = forms.ChoiceField(widget=forms.RadioSelect, choices=[("r", "R"), ("s", TRICKY)], initial="s")
    grouped_radios = forms.ChoiceField(widget=forms.RadioSelect(attrs={"class": "inline"}),
                                       choices=[("G", [("g1", "G1")]), ("h", "H")])
    boxes = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, choices=[("c", "C"), ("d", "D")],
                                      initial=["d"])
    nolabel_boxes = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple(attrs={"id": ""}),
                                              choices=[("e", "E")], required=False)
    upload = forms.FileField(required=False)
    clearable = forms.FileField(required=False, widget=forms.ClearableFileInput)  # not drawn: templates


@pytest.mark.parametrize("data", [None, {}, {"text": TRICKY, "number": "abc", "plain": "9", "many": ["y", "z"]}])
def test_every_widget_case_is_drawn_the_same(data):
    slow, fast = Everything(data, renderer=SLOW), Everything(data, renderer=FAST)
    if data is not None:
        slow.is_valid(), fast.is_valid()
    assert _drawn(fast) == _drawn(slow)


def _forms_with_arguments():
    """The project's forms that need constructor arguments, built as their views build them."""
    from types import SimpleNamespace

    from portail.appointments.forms import AppointmentRequestForm, BookForm, DurationsForm
    from portail.appointments.tests.factories import AppointmentRequestFactory
    from portail.declarations.forms import CompleteForm
    from portail.members.tests.factories import MemberFactory
    from portail.workforce.forms import ImportMappingForm
    from portail.workforce.tests.factories import EmployeeFactory

    employee = EmployeeFactory(member=MemberFactory(), birth_name=TRICKY, first_name="Zoé")
    request = AppointmentRequestFactory(member=employee.member, employees=[employee])
    professional = SimpleNamespace(get_role_display=lambda: "Médecin du travail")
    slot = SimpleNamespace(pk=7, start=timezone.now(), professional=professional, centre="Centre <Nord>")
    return [
        (AppointmentRequestForm, {"member": employee.member}),
        (BookForm, {"appointment_request": request, "slots": [slot]}),
        (DurationsForm, {"rows": [SimpleNamespace(pk=1, label=TRICKY, minutes=20)]}),
        (CompleteForm, {"employee": employee}),
        (ImportMappingForm, {"header": ["Nom", TRICKY, ""], "initial_mapping": ["birth_name", "", ""]}),
    ]


def test_forms_with_constructor_arguments_are_drawn_the_same():
    for form_class, kwargs in _forms_with_arguments():
        for data in (None, {}, {field: TRICKY for field in form_class.base_fields}):
            slow, fast = form_class(data, renderer=SLOW, **kwargs), form_class(data, renderer=FAST, **kwargs)
            if data is not None:
                slow.is_valid(), fast.is_valid()
            assert _drawn(fast) == _drawn(slow), form_class.__name__


def test_the_project_uses_it(settings):
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FastWidgetRenderer)


def test_an_unchecked_django_version_draws_with_django_templates(monkeypatch):
    def wrong(widget):
        return "<dessiné en Python>"

    monkeypatch.setattr(form_renderer.django, "VERSION", (9, 1, 0, "final", 0))
    monkeypatch.setitem(DRAWERS, form_renderer.WIDGETS + "text.html", wrong)
    renderer = FastWidgetRenderer()
    assert renderer.drawers == {}
    assert _drawn(Everything(renderer=renderer)) == _drawn(Everything(renderer=SLOW))


def test_the_checked_version_draws_in_python(monkeypatch):
    monkeypatch.setattr(form_renderer.django, "VERSION", (5, 2, 99, "final", 0))
    assert FastWidgetRenderer().drawers is DRAWERS
