"""`{% pk_url %}` draws the same links as `{% url %}` for the rows of long lists, with one id or two."""

import pytest
from django.template import Context, Template
from django.urls import reverse


@pytest.mark.parametrize("name", ["workforce:edit", "workforce:detail", "billing:invoice_pdf", "declarations:fill"])
@pytest.mark.parametrize("pk", [1, 42, 918273645, 10**12])
def test_pk_url_matches_reverse(name, pk):
    rendered = Template("{% pk_url name pk %}").render(Context({"name": name, "pk": pk}))
    assert rendered == reverse(name, args=[pk])


def test_pk_url_refuses_what_is_not_an_id():
    with pytest.raises((TypeError, ValueError)):
        Template("{% pk_url 'workforce:edit' pk %}").render(Context({"pk": "1/../admin"}))


@pytest.mark.parametrize("name", ["declarations:employee_exit", "declarations:employee_complete"])
@pytest.mark.parametrize("pks", [(1, 2), (918273646, 918273645), (10**12, 7)])
def test_pk_url_with_two_ids_matches_reverse(name, pks):
    rendered = Template("{% pk_url name a b %}").render(Context({"name": name, "a": pks[0], "b": pks[1]}))
    assert rendered == reverse(name, args=pks)
