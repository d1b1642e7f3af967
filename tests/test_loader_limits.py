"""Loader behaviour that golden YAML cases cannot hold conveniently."""

from __future__ import annotations

from pathlib import Path

from conftest import LANGS, source, write_files
from goodpractices import load_practices
from goodpractices.frontmatter import MAX_FILE_BYTES


def test_file_over_size_limit_is_reported(tmp_path: Path, vocab) -> None:
    big = source("valid-pl.md") + ("x" * 80 + "\n") * (MAX_FILE_BYTES // 80 + 10)
    write_files(tmp_path, {"practices/demo/pl.md": big})
    result = load_practices(tmp_path / "practices", LANGS, vocab, display_base=tmp_path)
    assert [p.code for p in result.errors] == ["too-large"]
    assert result.errors[0].path.as_posix() == "practices/demo/pl.md"
    assert "at most 512 KiB" in result.errors[0].format()


def test_model_of_a_valid_practice(tmp_path: Path, vocab) -> None:
    write_files(tmp_path, {"practices/demo/pl.md": source("valid-pl.md"), "practices/demo/en.md": source("valid-en.md"), "practices/demo/plan.pdf": b"%PDF"})
    result = load_practices(tmp_path / "practices", LANGS, vocab, display_base=tmp_path)
    assert not result.problems
    practice = result.practices["demo"]
    assert practice.original_language == "pl"
    assert practice.languages == ["pl", "en"]
    assert practice.country == "PL" and practice.topics == ["leadership-networks", "formative-assessment"]
    assert practice.period.start == "2019-09" and practice.period.end == "2022-06"
    assert practice.licence == "CC-BY-4.0"
    assert practice.versions["en"].title == "A network of head teachers in the municipality"
    assert practice.versions["en"].body.lstrip().startswith("## Local context")
    assert practice.extra_files == ["plan.pdf"]
    assert practice.best_version("nb").lang == "en"
    assert practice.best_version("pl").lang == "pl"
    assert practice.best_version("cs", fallbacks=()).lang == "pl"


def test_a_load_cache_rereads_only_changed_folders(tmp_path, vocab) -> None:
    """The preview server's cache: unchanged folders are reused, changed ones read again, problems kept."""
    from conftest import source, write_files
    from goodpractices import load_practices

    root = tmp_path / "practices"
    broken = source("valid-pl.md").replace("category: development-plan", "category: development-plans")
    write_files(root, {"a/pl.md": source("valid-pl.md"), "a/en.md": source("valid-en.md"), "b/pl.md": broken})
    cache: dict = {}
    first = load_practices(root, ("en", "pl"), vocab, cache=cache)
    again = load_practices(root, ("en", "pl"), vocab, cache=cache)
    assert again.practices["a"] is first.practices["a"]  # reused, not read again
    assert [p.format() for p in again.problems] == [p.format() for p in first.problems] and first.errors
    fixed = root / "b" / "pl.md"
    fixed.write_text(source("valid-pl.md").replace("Sieć dyrektorów szkół w gminie", "Inna sieć"), encoding="utf-8")
    third = load_practices(root, ("en", "pl"), vocab, cache=cache)
    assert not third.errors and third.practices["b"].versions["pl"].title == "Inna sieć"
    assert third.practices["a"] is first.practices["a"]
    # without a cache, the same result
    fresh = load_practices(root, ("en", "pl"), vocab)
    assert fresh.practices.keys() == third.practices.keys() and not fresh.errors


def test_a_slug_the_catalogue_uses_is_refused(tmp_path, vocab) -> None:
    """practices/page/ and the facets' term folders are the catalogue's own addresses."""
    from goodpractices.catalogue import FACETS
    from goodpractices.slugs import RESERVED_SLUGS

    assert {f.key for f in FACETS if f.term_pages} | {"page"} == RESERVED_SLUGS
    root = tmp_path / "practices"
    write_files(root, {"page/pl.md": source("valid-pl.md"), "fine/pl.md": source("valid-pl.md")})
    result = load_practices(root, LANGS, vocab)
    assert list(result.practices) == ["fine"]
    (error,) = result.errors
    assert error.code == "reserved-slug" and "practices/page/" in error.format()
    assert "practices/page/" in error.format("pl")


def test_a_translation_carries_its_own_text_of_the_shared_fields(tmp_path: Path, vocab) -> None:
    """The golden case of a translation that translates every free-text field: what each version holds."""
    import yaml

    from conftest import GOLDEN
    from test_validation_golden import build_case

    build_case(yaml.safe_load((GOLDEN / "validation" / "translation-translates-free-text.yml").read_text(encoding="utf-8")), tmp_path)
    result = load_practices(tmp_path / "practices", LANGS, vocab, display_base=tmp_path)
    assert not result.problems
    practice = result.practices["demo"]
    english, polish = practice.versions["en"], practice.versions["pl"]
    assert english.tags == ["head teachers' network", "teacher development"]
    assert english.funding == "The municipality's budget"
    assert english.cost_note == "Refreshments and rooms for the meetings"
    assert english.contact_role == "Network coordinator"
    assert english.partner_names == ["Psychological and educational counselling centre", "Teacher training centre"]
    assert english.attachment_titles == {"plan.pdf": "Schedule of the network's meetings"}
    assert english.link_titles == {"https://example.org/siec-dyrektorow": "The network's website"}
    # the original's own values stay the practice's; its version repeats none of them
    assert practice.funding == "Budżet gminy" and practice.cost is not None and practice.cost.amount == 12000
    assert [p.type for p in practice.partners] == ["other", "other"]
    assert (polish.tags, polish.funding, polish.partner_names, polish.attachment_titles) == (None, None, None, {})
