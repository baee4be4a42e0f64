from portail.help import markdown


def test_headings_get_ids_explicit_or_from_their_text():
    out = markdown.render("# 2.3 Liste de vos salariés {#salaries}\n\n## Ajouter un salarié")
    assert '<h1 id="salaries">2.3 Liste de vos salariés</h1>' in out.html
    assert '<h2 id="ajouter-un-salarie">Ajouter un salarié</h2>' in out.html
    assert [h.anchor for h in out.headings] == ["salaries", "ajouter-un-salarie"]


def test_paragraphs_lists_bold_links_and_images():
    src = "Un **mot** et [un lien](/aide/x/).\nSuite.\n\n- un\n- deux\n  suite\n\n1. premier\n2. second\n\n![Légende](captures/a.png)"
    html = markdown.render(src, image_url=lambda s: "/img/" + s).html
    assert '<p>Un <strong>mot</strong> et <a href="/aide/x/">un lien</a>. Suite.</p>' in html
    assert "<ul>\n<li>un</li>\n<li>deux suite</li>\n</ul>" in html
    assert "<ol>\n<li>premier</li>\n<li>second</li>\n</ol>" in html
    assert '<figure><img src="/img/captures/a.png" alt="Légende"><figcaption>Légende</figcaption></figure>' in html


def test_notes_and_warnings():
    html = markdown.render("> Astuce utile.\n\n> **Attention**\n> Danger.").html
    assert '<div class="notice"><p>Astuce utile.</p></div>' in html
    assert '<div class="notice warning"><p><strong>Attention</strong> Danger.</p></div>' in html


def test_html_in_the_source_is_escaped():
    html = markdown.render('<script>alert(1)</script> [x](/a"b)').html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_link_and_image_rewriting_and_plain_text():
    src = "# T\n[Voir](/aide/a/#b) ![i](captures/c.png)"
    html = markdown.render(src, link_url=lambda u: "#" + u.split("#")[-1], anchor_prefix="p--").html
    assert '<a href="#b">Voir</a>' in html and 'id="p--t"' in html
    assert markdown.image_sources(src) == ["captures/c.png"]
    assert markdown.link_targets(src) == ["/aide/a/#b"]
    assert markdown.plain_text(src).split() == ["T", "Voir"]
