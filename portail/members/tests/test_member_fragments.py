"""Page blocks cached per state of the member's data ({% member_fragment %}): a change shows at once, another
member never gets this one's block, request parts are in the key (hashed: bounded), no block keeps a CSRF token,
and a request that may have written never reads a kept block."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory

from portail.accounts.tests.factories import MemberUserFactory, UserFactory
from portail.members import freshness
from portail.members.models import MemberContact
from portail.members.services import member_contact_save
from portail.members.tests.factories import MemberAddressFactory, MemberContactFactory

pytestmark = pytest.mark.django_db


def _main(response) -> str:
    page = response.content.decode()  # the page around the block holds a fresh CSRF token (logout form)
    return page[page.index("<main"):page.index("</main>")]


def test_information_page_shows_a_new_contact_right_after_a_cached_view(client_a, member_a, member_admin):
    assert "Aucun contact enregistré." in client_a.get("/informations/").content.decode()
    member_contact_save(member=member_a, actor=member_admin,
                        contact=MemberContact(kind="hr", first_name="Ginette", last_name="Nouvelle"))
    page = client_a.get("/informations/").content.decode()
    assert "Ginette Nouvelle" in page and "Aucun contact enregistré." not in page


def test_cached_information_page_runs_no_query_for_addresses_and_contacts(client_a, member_a,
                                                                         django_assert_max_num_queries):
    MemberAddressFactory(member=member_a)
    first = _main(client_a.get("/informations/"))
    with django_assert_max_num_queries(2):  # user and member: the session comes from the cache
        again = _main(client_a.get("/informations/"))
    assert again == first


def test_each_member_gets_its_own_block(client_a, client, member_a, member_b):
    MemberContactFactory(member=member_a, first_name="Seulement", last_name="ChezA")
    assert "Seulement ChezA" in client_a.get("/informations/").content.decode()
    client.logout()
    client.force_login(MemberUserFactory(member=member_b))
    assert "Seulement ChezA" not in client.get("/informations/").content.decode()


def _render(source: str, member, method: str = "get", **context) -> str:
    request = getattr(RequestFactory(), method)("/")
    request.member, request.view_as = member, False
    request.user = UserFactory.build(member=member)
    return Template("{% load member_fragments %}" + source).render(Context({"request": request, **context}))


def test_key_parts_tell_blocks_apart(member_a):
    source = '{% member_fragment "année" year %}{{ year }}-{{ value }}{% endmember_fragment %}'
    assert _render(source, member_a, year=2025, value="a") == "2025-a"
    assert _render(source, member_a, year=2025, value="b") == "2025-a"  # same member data, same year: kept
    assert _render(source, member_a, year=2026, value="b") == "2026-b"


class _Kept:
    """The entries freshness writes, whatever the cache backend."""

    def __init__(self, cache):
        self.cache, self.entries = cache, {}

    def set(self, key, value, timeout):
        self.entries[key] = value
        self.cache.set(key, value, timeout)

    def __getattr__(self, name):
        return getattr(self.cache, name)


@pytest.fixture
def kept(monkeypatch):
    recorder = _Kept(freshness.cache)
    monkeypatch.setattr(freshness, "cache", recorder)
    return recorder.entries


def test_a_long_query_string_gives_a_key_of_bounded_length(member_a, kept):
    source = '{% member_fragment "liste" query %}{{ query|length }}{% endmember_fragment %}'
    assert _render(source, member_a, query="q=" + "x" * 20_000) == "20002"
    assert kept and max(len(key) for key in kept) < 200


def test_a_block_holding_a_csrf_token_is_refused_and_never_kept(member_a, kept):
    source = ('{% member_fragment "formulaire" %}<form method="post"><input type="hidden" '
              'name="csrfmiddlewaretoken" value="{{ csrf_token }}"></form>{% endmember_fragment %}')
    with pytest.raises(TemplateSyntaxError):
        _render(source, member_a, csrf_token="jeton-de-la-session")
    assert not any("jeton" in str(value) for value in kept.values())


def test_a_post_draws_the_block_again(member_a):
    # Its request may just have written: the member it holds has the stamp read before the write.
    source = '{% member_fragment "bloc" %}{{ value }}{% endmember_fragment %}'
    assert _render(source, member_a, value="avant") == "avant"
    assert _render(source, member_a, value="kept") == "avant"
    assert _render(source, member_a, method="post", value="après") == "après"
