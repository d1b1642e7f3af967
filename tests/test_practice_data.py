"""One JSON document per practice (`data/practices/<slug>.json`, issue 19): every version's texts, the
metadata, the pages; linked from every page of the practice, made only when written."""

from __future__ import annotations

import json
import os

from conftest import GOLDEN, LANGS, minimal_practice, source, write_files
from goodpractices import SiteLayout, load_practices
from goodpractices.plan import SitePlan, SiteSettings
from goodpractices.practice_data import practice_data_path, practice_document
from htmlutil import links_to

LAYOUT = SiteLayout(LANGS, "en")
BASE = "https://goodpractices.example.org/"


def test_every_practice_has_its_document_linked_from_its_pages(example_site, practices) -> None:
    for slug, practice in practices.items():
        path = example_site / practice_data_path(slug)
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document["slug"] == slug and document["url"] == BASE + practice_data_path(slug)
        assert list(document["versions"]) == list(practice.versions) and document["languages"] == list(practice.versions)
        assert document["pages"] == {lang: BASE + LAYOUT.practice_path(slug, lang) for lang in LANGS}
        for lang, version in practice.versions.items():
            text = document["versions"][lang]
            assert (text["title"], text["summary"], text["results"]) == (version.title, version.summary, version.results)
            assert text["page"] == BASE + LAYOUT.practice_path(slug, lang)
            # the body as on the version's page, its links made absolute
            assert text["body_html"].startswith("<") and "__gp_" not in text["body_html"]
            assert 'href="../' not in text["body_html"] and 'src="../' not in text["body_html"]
        for lang in LANGS:
            page = LAYOUT.practice_path(slug, lang)
            assert path in links_to(example_site, page, "link", rel="alternate", type="application/json"), (slug, lang)
            assert path in links_to(example_site, page, "a", type="application/json"), (slug, lang)
    # Material's script fetches a sitemap beside every <link rel=alternate>
    assert (example_site / "data" / "practices" / "sitemap.xml").is_file()


def test_the_document_of_a_practice(tmp_path, vocab) -> None:
    """Golden case: the document of a practice in Polish and English (tests/golden/reuse/), its body given."""
    write_files(tmp_path, {"practices/network/pl.md": source("valid-pl.md"), "practices/network/en.md": source("valid-en.md")})
    practice = load_practices(tmp_path / "practices", LANGS, vocab).practices["network"]
    bodies = {"pl": '<p>Zob. <a href="__gp_reader_root__/practices/other/">inną</a> i <img src="__gp_site_root__/practices/network/a.png"></p>', "en": "<p>See.</p>"}
    document = practice_document(practice, LAYOUT, vocab, base_url=BASE, body_html=lambda slug, lang: bodies[lang])
    # The labels are the vocabularies' (their texts change): compared with them, not with the golden file.
    labels = document.pop("labels")
    assert labels["cs"]["category"] == vocab["category"].label("development-plan", "cs") and list(labels) == list(LANGS)
    assert labels["pl"]["topics"] == [vocab["topic"].label(t, "pl") for t in practice.topics]
    expected = GOLDEN / "reuse" / "practice-document.json"
    if os.environ.get("GOLDEN_UPDATE"):
        expected.parent.mkdir(exist_ok=True)
        expected.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert document == json.loads(expected.read_text(encoding="utf-8"))


def test_documents_are_made_only_when_written(vocab) -> None:
    """A document holds every version's body: each is made when its file is written, one at a time, never all kept."""
    collection = {f"p{i}": minimal_practice(f"p{i}", published=f"2024-01-{i + 1:02d}") for i in range(3)}
    asked: list[tuple[str, str]] = []

    def body_html(slug: str, lang: str) -> str:
        asked.append((slug, lang))
        return "<p>Body.</p>"

    plan = SitePlan(SiteSettings(LANGS, "en", site_url="https://example.org/"), collection, vocab, body_html)
    files = {f.path: f for f in plan.shared_files()}
    assert asked == []
    assert json.loads(files[practice_data_path("p1")].content)["versions"]["en"]["body_html"] == "<p>Body.</p>"
    assert asked == [("p1", "en")]
