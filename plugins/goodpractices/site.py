"""The site's address scheme and the reader-facing views of practices.

Everything here is plain data computed from the model for one interface
language: the MkDocs adapter hands it to Jinja templates, another adapter
could hand it to anything else.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Sequence

from .model import Practice, Version
from .vocab import Vocabularies


@dataclass(frozen=True)
class SiteLayout:
    """Where things live in the built site (paths relative to the site root)."""

    languages: tuple[str, ...]
    default_language: str
    fallbacks: tuple[str, ...] = ("en",)
    """Languages tried, in order, for a reader whose language a practice lacks."""

    def prefix(self, lang: str) -> str:
        return "" if lang == self.default_language else f"{lang}/"

    def home_path(self, lang: str) -> str:
        return self.prefix(lang)

    def catalogue_path(self, lang: str) -> str:
        return f"{self.prefix(lang)}practices/"

    def practice_path(self, slug: str, lang: str) -> str:
        """The page of the `lang` version of a practice."""
        return f"{self.prefix(lang)}practices/{slug}/"

    def practice_dest(self, slug: str, lang: str) -> str:
        return f"{self.practice_path(slug, lang)}index.html"

    def file_path(self, slug: str, name: str) -> str:
        """An attachment or image: stored once, shared by every language version."""
        return f"practices/{slug}/{name}"

    def best_version(self, practice: Practice, lang: str) -> Version:
        return practice.best_version(lang, self.fallbacks)


@dataclass(frozen=True)
class Item:
    """One value shown to a reader: its text, and where it links to (if anywhere)."""

    text: str
    href: str | None = None
    lang: str | None = None
    """Language of `text` when it differs from the page's (for the `lang` attribute)."""
    value: str | None = None
    """The stable vocabulary value behind the label, if any."""


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    items: list[Item]


@dataclass
class PracticeView:
    """Everything a practice page shows, in the language of the page."""

    slug: str
    lang: str
    title: str
    summary: str
    original_language: str
    is_original: bool
    card: list[Row]
    contact: Row
    results: list[str]
    attachments: list[Item]
    links: list[Item]
    versions: list[Item]
    """Every language version, the current one without href."""
    related: list[Item]
    catalogue_href: str
    alternates: list[dict[str, str]] = field(default_factory=list)
    """Language switcher entries: name, link, lang — only languages the practice exists in."""
    notices: dict[str, str] = field(default_factory=dict)
    """For each site language this practice lacks: the notice shown to its readers, in their language."""
    edit_url: str | None = None
    draft: bool = False


def sort_key(text: str) -> str:
    """Accent- and case-insensitive sort key, stable across languages."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ł", "l").replace("ø", "o").replace("æ", "ae").replace("å", "a")


RELATED_LIMIT = 5


def related_practices(practice: Practice, practices: dict[str, Practice], limit: int = RELATED_LIMIT) -> list[Practice]:
    """The author's `related` list, then practices sharing the category and topics, same country first."""
    return [practices[slug] for slug in related_map(practices, limit).get(practice.slug, [])]


def related_map(practices: dict[str, Practice], limit: int = RELATED_LIMIT) -> dict[str, list[str]]:
    """Related practices of every practice, computed once for a whole collection.

    Candidates come from inverted indexes (same category, shared topic), so
    the cost grows with the candidates, not with the square of the collection.
    """
    by_category: dict[str, set[str]] = {}
    by_topic: dict[str, set[str]] = {}
    for p in practices.values():
        by_category.setdefault(p.category, set()).add(p.slug)
        for topic in p.topics:
            by_topic.setdefault(topic, set()).add(p.slug)
    out: dict[str, list[str]] = {}
    for practice in practices.values():
        chosen = [slug for slug in practice.related if slug in practices and slug != practice.slug]
        taken = {practice.slug, *chosen}
        topics = set(practice.topics)
        candidates = set(by_category.get(practice.category, ()))
        for topic in topics:
            candidates |= by_topic.get(topic, set())
        scored = []
        for slug in candidates - taken:
            other = practices[slug]
            shared = len(topics.intersection(other.topics))
            same_category = other.category == practice.category
            if not same_category and shared < 2:
                continue
            if same_category and shared == 0 and other.country != practice.country:
                continue
            scored.append(((other.country != practice.country, -(shared + 2 * same_category), _negated(other.published), slug), slug))
        scored.sort()
        out[practice.slug] = (chosen + [slug for _, slug in scored])[:limit]
    return out


def _negated(date: str) -> str:
    """A key that sorts ISO dates newest first."""
    return "".join(chr(0x7F - ord(c)) for c in date)


def _period_text(practice: Practice, lang: str, vocab: Vocabularies) -> str:
    start, end = practice.period.start, practice.period.end
    if end is None:
        return f"{vocab.t('practice.since', lang)} {start} ({vocab.t('practice.ongoing', lang)})"
    return f"{start} – {end}"


def practice_view(
    practice: Practice,
    lang: str,
    layout: SiteLayout,
    vocab: Vocabularies,
    practices: dict[str, Practice],
    related: list[str] | None = None,
) -> PracticeView:
    """The page of `practice` in language `lang` (which must be one of its versions).

    `related` is the practice's entry of `related_map` (computed here if not given).
    """
    version = practice.versions[lang]
    v = vocab

    def labels(vocab_name: str, values: Sequence[str]) -> list[Item]:
        return [Item(v[vocab_name].label(x, lang), value=x) for x in values]

    org = practice.organisation
    card = [
        Row("category", v.t("field.category", lang), labels("category", [practice.category])),
        Row("country", v.t("field.country", lang), [Item(v.countries.name(practice.country, lang), value=practice.country)]),
    ]
    if practice.region:
        card.append(Row("region", v.t("field.region", lang), [Item(practice.region)]))
    if practice.municipality:
        card.append(Row("municipality", v.t("field.municipality", lang), [Item(practice.municipality)]))
    card += [
        Row("organisation", v.t("field.organisation", lang), [Item(org.name, href=org.website)]),
        Row("organisation_type", v.t("field.organisation_type", lang), labels("organisation_type", [org.type])),
        Row("level_of_government", v.t("field.level_of_government", lang), labels("level_of_government", [practice.level_of_government])),
        Row("education_levels", v.t("field.education_levels", lang), labels("education_level", practice.education_levels)),
        Row("period", v.t("field.period", lang), [Item(_period_text(practice, lang, v))]),
        Row("stage", v.t("field.stage", lang), labels("stage", [practice.stage])),
        Row("topics", v.t("field.topics", lang), labels("topic", practice.topics)),
    ]
    if practice.tags:
        card.append(Row("tags", v.t("field.tags", lang), [Item(t) for t in practice.tags]))
    if practice.partners:
        card.append(Row("partners", v.t("field.partners", lang), [Item(p.name) for p in practice.partners]))
    if practice.funding:
        card.append(Row("funding", v.t("field.funding", lang), [Item(practice.funding)]))
    if practice.cost:
        c = practice.cost
        amount = f"{c.amount:,} {c.currency or ''}".replace(",", "\u00a0").strip() if c.amount is not None else ""
        text = " — ".join(x for x in (amount, c.note or "") if x)
        card.append(Row("cost", v.t("field.cost", lang), [Item(text)]))
    licence = v["licence"].terms.get(practice.licence)
    card += [
        Row("published", v.t("field.published", lang), [Item(practice.published)]),
        Row("licence", v.t("field.licence", lang), [Item(v["licence"].label(practice.licence, lang), href=licence.extra.get("url") if licence else None)]),
        Row("original_language", v.t("field.original_language", lang), [Item(v.language_name(practice.original_language, lang))]),
    ]

    contact = practice.contact
    contact_items = [Item(contact.name)]
    if contact.role:
        contact_items.append(Item(contact.role))
    contact_items.append(Item(contact.email, href=f"mailto:{contact.email}"))

    versions = [
        Item(
            v.native_language_name(code),
            href=None if code == lang else layout.practice_path(practice.slug, code),
            lang=code,
            value=code,
        )
        for code in practice.versions
    ]
    alternates = [
        {"name": v.native_language_name(code), "link": "/" + layout.practice_path(practice.slug, code), "lang": code}
        for code in layout.languages
        if code in practice.versions
    ]
    related_slugs = related if related is not None else related_map(practices).get(practice.slug, [])
    related_items = []
    for other in (practices[slug] for slug in related_slugs if slug in practices):
        shown = layout.best_version(other, lang)
        related_items.append(Item(shown.title, href=layout.practice_path(other.slug, shown.lang), lang=shown.lang if shown.lang != lang else None))

    shown_in = {reader: v.language_name(lang, reader) for reader in layout.languages if reader not in practice.versions}
    notices = {reader: v.t("practice.not_in_your_language", reader, shown=name) for reader, name in shown_in.items()}

    return PracticeView(
        slug=practice.slug,
        lang=lang,
        title=version.title,
        summary=version.summary,
        original_language=practice.original_language,
        is_original=version.is_original,
        card=card,
        contact=Row("contact", v.t("field.contact", lang), contact_items),
        results=version.results,
        attachments=[Item(a.title, href=layout.file_path(practice.slug, a.file)) for a in practice.attachments],
        links=[Item(link.title, href=link.url, value=link.kind) for link in practice.links],
        versions=versions,
        related=related_items,
        catalogue_href=layout.catalogue_path(lang),
        alternates=alternates,
        notices=notices,
        draft=practice.draft,
    )
