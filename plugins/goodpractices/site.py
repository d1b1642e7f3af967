"""The site's address scheme and the reader-facing views of practices.

Everything here is plain data computed from the model for one interface
language: the MkDocs adapter hands it to Jinja templates, another adapter
could hand it to anything else.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from .answers import fold
from .model import Practice, Version
from .vocab import Vocabularies


@dataclass(frozen=True)
class SiteLayout:
    """Where things live in the built site (paths relative to the site root)."""

    languages: tuple[str, ...]
    default_language: str
    fallbacks: tuple[str, ...] = ("en",)
    """Languages tried, in order, for a reader whose language a practice lacks."""

    @property
    def build_order(self) -> tuple[str, ...]:
        """The languages as a build makes them, one after the other: the default one first."""
        return (self.default_language, *(lang for lang in self.languages if lang != self.default_language))

    def prefix(self, lang: str) -> str:
        return "" if lang == self.default_language else f"{lang}/"

    def home_path(self, lang: str) -> str:
        return self.prefix(lang)

    def catalogue_path(self, lang: str) -> str:
        return f"{self.prefix(lang)}practices/"

    def practice_path(self, slug: str, lang: str) -> str:
        """The page of a practice for the readers of `lang` (every practice has one in every language)."""
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
    """The language of the version shown (of the title, summary, results and body)."""
    reader: str
    """The language of the page: its interface, and its readers'."""
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
    """Every language version, each linked to its own language's page; the one shown without href."""
    related: list[Item]
    catalogue_href: str
    notice: str | None = None
    """When the reader's language is not the version's: which language the text is in, in the reader's."""
    folded_names: list[str] = field(default_factory=list)
    """The practice's place and organisation names without diacritics, where that changes them: for search
    (Pagefind folds no letter, so `Swietochlowice` would not find `Świętochłowice`)."""
    edit_url: str | None = None
    data_href: str | None = None
    """The practice's JSON document (`practice_data`), relative to the site root."""
    draft: bool = False


sort_key = fold
"""Accent- and case-insensitive sort key, stable across languages."""


RELATED_LIMIT = 5


def related_practices(practice: Practice, practices: dict[str, Practice], limit: int = RELATED_LIMIT) -> list[Practice]:
    """The author's `related` list, then practices sharing the category and topics, same country first."""
    return [practices[slug] for slug in related_map(practices, limit).get(practice.slug, [])]


def related_map(practices: dict[str, Practice], limit: int = RELATED_LIMIT) -> dict[str, list[str]]:
    """Related practices of every practice, computed once for a whole collection.

    The author's `related` list (known slugs other than the practice's own, in
    the author's order) comes first. The rest are the best candidates in this
    order: same country first; then by score, highest first (topics shared,
    plus 2 for the same category); then newest; then slug. A candidate from
    another category needs two shared topics; one from the same category but
    another country needs one. At most `limit` slugs in all.

    `_RelatedIndex` finds the best candidates without scoring the whole
    category: the cost per practice depends on `limit`, not on the size of
    the collection.
    """
    index = _RelatedIndex(practices)
    out: dict[str, list[str]] = {}
    for practice in practices.values():
        chosen = [slug for slug in practice.related if slug in practices and slug != practice.slug]
        # A negative limit slices from the end, so it needs every candidate (None: no bound).
        wanted = limit - len(chosen) if limit >= 0 else None
        found = index.best(practice, {practice.slug, *chosen}, wanted) if wanted is None or wanted > 0 else []
        out[practice.slug] = (chosen + found)[:limit]
    return out


_ANY = object()
"""Wildcard country or category in a `_RelatedIndex` bucket key."""
_SUBSET_SIZE = 3
"""Largest topic subsets indexed: a practice with n topics is in at most sum(C(n, k), k ≤ 3) buckets per prefix."""
_MERGED_BUCKETS = 64
"""Most buckets merged for one stream; beyond it, smaller subsets (fewer, larger buckets) are used,
down to the smallest the stream's prefix has (`_fewest_shared`)."""


class _RelatedIndex:
    """Exact top-k search for `related_map`.

    Every practice gets a rank in the tie-break order (newest first, then
    slug), and its topics a bit mask. A bucket is a list of ranks, so it is
    sorted by that order; it holds the practices of a country (or any,
    `_ANY`) and a category (or any) whose topics include a subset S of at
    most `_SUBSET_SIZE` topics (S may be empty: then it is every practice of
    that country and category).

    For a practice P, a candidate's score is `shared + 2 * same_category`.
    The candidates are visited tier by tier (P's country, then the others),
    and within a tier level by level, from score 2 + len(P's topics) down to
    2 (no candidate that qualifies scores less). A level holds the
    same-category candidates sharing `level - 2` topics and the
    other-category ones sharing `level` topics. Those sharing j topics with P
    are all in the buckets of P's j-subsets (or of smaller subsets, when j is
    large), which are merged in rank order; the candidates not at this level
    are filtered out, so the stream yields the level already sorted. The
    search stops as soon as it has `wanted` slugs.

    It is cheap because what a level's stream filters out is (when the
    stream uses j-subsets: j ≤ `_SUBSET_SIZE` and P has few topics)
    candidates of higher levels or, in the second tier, of P's country, all
    of them already taken (fewer than `wanted`) or excluded (P and the ones
    its author chose). So the work per practice depends on `limit` and on its
    number of topics, not on the size of the collection. With smaller
    subsets the result is the same, only more is filtered out.
    """

    def __init__(self, practices: dict[str, Practice]) -> None:
        self.order = sorted(practices.values(), key=lambda p: (_negated(p.published), p.slug))
        bits: dict[str, int] = {}
        self.masks = [self.mask(p.topics, bits) for p in self.order]
        self.bits = bits
        self.buckets: dict[tuple[object, object, int], list[int]] = {}
        for rank, p in enumerate(self.order):
            topic_bits = _bits_of(self.masks[rank])
            # Each prefix only gets the subsets its streams look up: none smaller than the fewest shared topics.
            prefixes = [
                (p.country if same_country else _ANY, p.category if same_category else _ANY, _fewest_shared(same_country, same_category))
                for same_country in (True, False)
                for same_category in (True, False)
            ]
            for size in range(min(_SUBSET_SIZE, len(topic_bits)) + 1):
                for subset in combinations(topic_bits, size):
                    key = sum(subset)
                    for country, category, fewest in prefixes:
                        if size >= fewest:
                            self.buckets.setdefault((country, category, key), []).append(rank)

    @staticmethod
    def mask(topics: Sequence[str], bits: dict[str, int]) -> int:
        """The bit mask of `topics`, giving unseen topics the next bits."""
        mask = 0
        for topic in topics:
            mask |= bits.setdefault(topic, 1 << len(bits))
        return mask

    def best(self, practice: Practice, excluded: set[str], wanted: int | None) -> list[str]:
        """The first `wanted` candidates (all when None) for `practice`, in order."""
        mask = self.mask(practice.topics, self.bits)  # P is indexed: no new bits
        count = mask.bit_count()
        found: list[str] = []
        for same_country in (True, False):
            for level in range(count + 2, 1, -1):
                streams = []
                if level - 2 >= _fewest_shared(same_country, True):
                    streams.append(self._stream(practice, mask, level - 2, same_country, True, excluded))
                if _fewest_shared(same_country, False) <= level <= count:
                    streams.append(self._stream(practice, mask, level, same_country, False, excluded))
                for rank in heapq.merge(*streams):
                    found.append(self.order[rank].slug)
                    if len(found) == wanted:
                        return found
        return found

    def _stream(self, practice: Practice, mask: int, shared: int, same_country: bool, same_category: bool, excluded: set[str]) -> Iterator[int]:
        """Ranks, in order, of the candidates sharing exactly `shared` topics, in (or out of) P's country and category."""
        topic_bits = _bits_of(mask)
        size = min(shared, _SUBSET_SIZE)
        fewest = _fewest_shared(same_country, same_category)  # the smallest subsets indexed for this prefix
        while size > fewest and math.comb(len(topic_bits), size) > _MERGED_BUCKETS:
            size -= 1  # still every candidate sharing `shared` topics: it shares `size` of them
        country = practice.country if same_country else _ANY
        category = practice.category if same_category else _ANY
        buckets = [self.buckets.get((country, category, sum(subset)), []) for subset in combinations(topic_bits, size)]
        previous = -1
        for rank in heapq.merge(*buckets) if len(buckets) > 1 else buckets[0]:
            if rank == previous:
                continue  # in the buckets of several subsets
            previous = rank
            other = self.order[rank]
            if (
                (mask & self.masks[rank]).bit_count() == shared
                and (other.country == practice.country) == same_country
                and (other.category == practice.category) == same_category
                and other.slug not in excluded
            ):
                yield rank


def _fewest_shared(same_country: bool, same_category: bool) -> int:
    """Fewest topics a candidate must share to be related: 0 in the same country and category,
    1 in the same category abroad, 2 in another category."""
    if not same_category:
        return 2
    return 0 if same_country else 1


def _bits_of(mask: int) -> list[int]:
    """The single bits set in `mask`."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low)
        mask ^= low
    return out


def _negated(date: str) -> str:
    """A key that sorts ISO dates newest first."""
    return "".join(chr(0x7F - ord(c)) for c in date)


def _period_text(practice: Practice, lang: str, vocab: Vocabularies) -> str:
    start, end = practice.period.start, practice.period.end
    if end is None:
        return f"{vocab.t('practice.since', lang)} {start} ({vocab.t('practice.ongoing', lang)})"
    return f"{start} – {end}"


def _text_item(text: str, text_lang: str, page_lang: str, href: str | None = None, value: str | None = None) -> Item:
    """An author's text, with its language when it is not the page's."""
    return Item(text, href=href, lang=text_lang if text_lang != page_lang else None, value=value)


def practice_card(practice: Practice, lang: str, vocab: Vocabularies, version: Version | None = None, texts: VersionTexts | None = None) -> tuple[list[Row], Row]:
    """The card (category, country, organisation, period, ...) and the contact row of a practice, labelled in `lang`.

    The labels are in `lang`; the free texts (tags, partners, funding, cost note,
    the contact's role) are `version`'s where it translates them, else the
    original's, each Item with its `lang` when it is not `lang`. `version`
    defaults to the original; `texts` are its `version_texts` when the caller has them.
    """
    v = vocab
    texts = texts or version_texts(practice, version or practice.original)

    def labels(vocab_name: str, values: Sequence[str]) -> list[Item]:
        return [Item(v[vocab_name].label(x, lang), value=x) for x in values]

    def text(value: str, text_lang: str) -> Item:
        return _text_item(value, text_lang, lang)

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
    if texts.tags[0]:
        card.append(Row("tags", v.t("field.tags", lang), [text(t, texts.tags[1]) for t in texts.tags[0]]))
    if practice.partners:
        card.append(Row("partners", v.t("field.partners", lang), [text(name, name_lang) for name, name_lang in texts.partners]))
    if texts.funding:
        card.append(Row("funding", v.t("field.funding", lang), [text(*texts.funding)]))
    if practice.cost:
        c = practice.cost
        amount = f"{c.amount:,} {c.currency or ''}".replace(",", "\u00a0").strip() if c.amount is not None else ""
        items = [Item(amount)] if amount else []
        if texts.cost_note:
            items.append(text(*texts.cost_note))
        card.append(Row("cost", v.t("field.cost", lang), items))
    licence = v["licence"].terms.get(practice.licence)
    card += [
        Row("published", v.t("field.published", lang), [Item(practice.published)]),
        Row("licence", v.t("field.licence", lang), [Item(v["licence"].label(practice.licence, lang), href=licence.extra.get("url") if licence else None)]),
        Row("original_language", v.t("field.original_language", lang), [Item(v.language_name(practice.original_language, lang))]),
    ]

    contact = practice.contact
    contact_items = [Item(contact.name)]
    if texts.contact_role:
        contact_items.append(text(*texts.contact_role))
    contact_items.append(Item(contact.email, href=f"mailto:{contact.email}"))

    return card, Row("contact", v.t("field.contact", lang), contact_items)


@dataclass(frozen=True)
class VersionTexts:
    """The free texts of a practice as a version shows them, each as (text, its language)."""

    tags: tuple[list[str], str]
    partners: list[tuple[str, str]]
    funding: tuple[str, str] | None
    cost_note: tuple[str, str] | None
    contact_role: tuple[str, str] | None
    attachments: list[tuple[str, str]]
    """The title of each attachment, in the practice's order."""
    links: list[tuple[str, str]]
    """The title of each link, in the practice's order."""


def version_texts(practice: Practice, version: Version) -> VersionTexts:
    """The version's own text of each free-text field where it has one, else the original's."""
    original = practice.original_language
    own = version.lang

    # A text a translation leaves as the original's (a name, a keyword kept) is the original's, in its language.
    def chosen(mine: str | None, theirs: str | None) -> tuple[str, str] | None:
        if mine and mine != theirs:
            return mine, own
        return (theirs, original) if theirs else None

    def title(mine: str | None, theirs: str) -> tuple[str, str]:
        return (mine, own) if mine and mine != theirs else (theirs, original)

    names = version.partner_names if version.partner_names and len(version.partner_names) == len(practice.partners) else None
    return VersionTexts(
        tags=(version.tags, own) if version.tags and version.tags != practice.tags else (practice.tags, original),
        partners=[title(names[i] if names else None, p.name) for i, p in enumerate(practice.partners)],
        funding=chosen(version.funding, practice.funding),
        cost_note=chosen(version.cost_note, practice.cost.note if practice.cost else None),
        contact_role=chosen(version.contact_role, practice.contact.role),
        attachments=[title(version.attachment_titles.get(a.file), a.title) for a in practice.attachments],
        links=[title(version.link_titles.get(link.url), link.title) for link in practice.links],
    )


def practice_view(
    practice: Practice,
    lang: str,
    layout: SiteLayout,
    vocab: Vocabularies,
    practices: dict[str, Practice],
    related: list[str] | None = None,
    *,
    reader: str | None = None,
) -> PracticeView:
    """The page of `practice` for the readers of `reader`, showing its version in `lang`.

    `lang` must be one of the practice's versions; `reader` (default: `lang`) is the
    language of the page's interface: the card's labels, the notice, the links to
    related practices. Where they differ (a language the practice lacks), the view's
    texts in another language carry it (`Item.lang`, `PracticeView.lang`).
    `related` is the practice's entry of `related_map` (computed here if not given).
    """
    version = practice.versions[lang]
    reader = reader or lang
    v = vocab
    texts = version_texts(practice, version)
    card, contact_row = practice_card(practice, reader, vocab, texts=texts)

    versions = [
        Item(
            v.native_language_name(code),
            href=None if code == lang == reader or code not in layout.languages else layout.practice_path(practice.slug, code),
            lang=code,
            value=code,
        )
        for code in practice.versions
    ]
    related_slugs = related if related is not None else related_map(practices).get(practice.slug, [])
    related_items = []
    for other in (practices[slug] for slug in related_slugs if slug in practices):
        shown = layout.best_version(other, reader)
        related_items.append(Item(shown.title, href=layout.practice_path(other.slug, reader), lang=shown.lang if shown.lang != reader else None))

    notice = None
    if lang != reader:
        notice = v.t("practice.not_in_your_language", reader, shown=v.language_name(lang, reader))

    def text(title: str, title_lang: str, href: str, value: str | None = None) -> Item:
        return _text_item(title, title_lang, reader, href, value)

    return PracticeView(
        slug=practice.slug,
        lang=lang,
        reader=reader,
        title=version.title,
        summary=version.summary,
        original_language=practice.original_language,
        is_original=version.is_original,
        card=card,
        contact=contact_row,
        results=version.results,
        attachments=[text(title, title_lang, layout.file_path(practice.slug, a.file)) for a, (title, title_lang) in zip(practice.attachments, texts.attachments, strict=True)],
        links=[text(title, title_lang, link.url, link.kind) for link, (title, title_lang) in zip(practice.links, texts.links, strict=True)],
        versions=versions,
        related=related_items,
        catalogue_href=layout.catalogue_path(reader),
        notice=notice,
        folded_names=folded_names(practice),
        draft=practice.draft,
    )


def folded_names(practice: Practice) -> list[str]:
    """The municipality, region, organisation and partner names of a practice, folded (`fold`), where that changes them."""
    names = [practice.municipality, practice.region, practice.organisation.name, *(p.name for p in practice.partners)]
    found: list[str] = []
    for name in names:
        if name and (folded := fold(name)) != name.casefold() and folded not in found:
            found.append(folded)
    return found
