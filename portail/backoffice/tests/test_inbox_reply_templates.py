"""Reply templates: written once, offered on each request of their type, filling the answer in one click."""

import pytest
from django.urls import reverse

from portail.accounts.tests.factories import logged_in
from portail.backoffice.models import ReplyTemplate
from portail.backoffice.tests.helpers import submit_change

pytestmark = pytest.mark.django_db
URL = reverse("backoffice:inbox_templates")


def test_a_template_is_created_and_fills_the_answer_of_a_request(staff_client, member_a, member_admin):
    client = staff_client()
    response = client.post(URL, {"title": "Adresse enregistrée", "source_key": "situation_change",
                                 "body": "Votre nouvelle adresse est enregistrée."})
    assert response.status_code == 302
    template = ReplyTemplate.objects.get()
    change = submit_change(member_a, member_admin)
    item_url = reverse("backoffice:item", args=["situation_change", change.pk])
    page = client.get(item_url).content.decode()
    assert f"?modele={template.pk}" in page
    filled = client.get(item_url, {"modele": template.pk}).content.decode()
    assert "Votre nouvelle adresse est enregistrée.</textarea>" in filled


def test_a_template_of_another_type_is_not_offered(staff_client, member_a, member_admin):
    template = ReplyTemplate.objects.create(title="Déclaration", body="Validée.", source_key="declaration")
    change = submit_change(member_a, member_admin)
    client = staff_client()
    item_url = reverse("backoffice:item", args=["situation_change", change.pk])
    assert f"?modele={template.pk}" not in client.get(item_url).content.decode()
    assert "Validée.</textarea>" not in client.get(item_url, {"modele": template.pk}).content.decode()
    assert client.get(item_url, {"modele": "abc"}).status_code == 200


def test_template_form_errors_are_shown_in_french(staff_client):
    response = staff_client().post(URL, {"title": "", "body": ""})
    assert response.status_code == 400 and "Ce champ est obligatoire." in response.content.decode()


def test_a_template_is_deleted(staff_client):
    template = ReplyTemplate.objects.create(title="Vieux", body="x")
    client = staff_client()
    assert client.post(reverse("backoffice:inbox_template_delete", args=[template.pk])).status_code == 302
    assert not ReplyTemplate.objects.exists()
    assert client.post(reverse("backoffice:inbox_template_delete", args=[template.pk])).status_code == 404


def test_members_cannot_manage_templates(member_admin):
    member = logged_in(member_admin)
    assert member.get(URL).status_code == 403
