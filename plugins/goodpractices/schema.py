"""The front-matter schema, declared once.

The validator walks these specs; documentation, templates for authors and the
JSON Schema for editors are all derived from them, so they cannot disagree.

Two scopes:

* `practice` fields are shared by every language and written once, in the file
  of the practice's original language;
* `version` fields are written in every language file (title, summary, …).

A shared field's free text (the funding note, a partner's name, an
attachment's title, …) is marked `translation="text"`: a translation file may
carry its own text of it, which the reader of that language is shown instead
of the original's. Codes, dates, numbers and addresses never are.
`TRANSLATION_FIELDS`, the front matter of a translation file, is derived from
these marks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

Kind = Literal[
    "text",  # a single line or paragraph of text
    "vocab",  # one value of a controlled vocabulary
    "country",  # ISO 3166-1 alpha-2 code
    "date",  # YYYY-MM-DD
    "partial-date",  # YYYY, YYYY-MM or YYYY-MM-DD
    "period-end",  # partial-date or "ongoing"
    "email",
    "url",  # http(s) URL
    "path",  # relative path inside the practice folder
    "slug",
    "number",
    "bool",  # true or false
    "currency",  # ISO 4217 code
    "list",
    "object",
]
Scope = Literal["practice", "version"]
Translation = Literal[
    "text",  # a translation may carry its own text of it
    "key",  # in a translation, says which item of the original's list the item translates (one of the original's values)
]


@dataclass(frozen=True)
class FieldSpec:
    """One front-matter field."""

    name: str
    kind: Kind
    help: str
    required: bool = False
    vocab: str | None = None
    max_length: int | None = None
    min_items: int = 0
    max_items: int | None = None
    item: FieldSpec | None = None
    fields: tuple[FieldSpec, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    default: object = None
    example: object = None
    scope: Scope = "practice"
    translation: Translation | None = None
    """What a translation file may write of this shared field (see `Translation`); None: nothing of it itself.
    An object or a list is carried by a translation through those of its fields that are marked."""

    def child(self, name: str) -> FieldSpec | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None


def _text(
    name: str,
    help: str,
    *,
    required: bool = False,
    max_length: int = 300,
    scope: Scope = "practice",
    example: object = None,
    translation: Translation | None = None,
) -> FieldSpec:
    return FieldSpec(name, "text", help, required=required, max_length=max_length, scope=scope, example=example, translation=translation)


TITLE_MAX = 200
SUMMARY_MAX = 500

VERSION_FIELDS: tuple[FieldSpec, ...] = (
    _text("title", "The name of the practice in this language.", required=True, max_length=TITLE_MAX, scope="version"),
    _text(
        "summary",
        f"Two or three sentences in this language: what was done, where, with what result (at most {SUMMARY_MAX} characters).",
        required=True,
        max_length=SUMMARY_MAX,
        scope="version",
    ),
    FieldSpec(
        "results",
        "list",
        "Optional: key results as short statements in this language, one per line.",
        item=_text("result", "One key result.", max_length=300, scope="version"),
        max_items=10,
        scope="version",
    ),
)

PRACTICE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("category", "vocab", "Which of the three scopes the practice belongs to.", required=True, vocab="category"),
    FieldSpec("country", "country", "The country, as a two-letter ISO 3166-1 code (PL, CZ, SI, NO, …).", required=True, example="PL"),
    FieldSpec(
        "topics",
        "list",
        "One or more topics from the list of topics.",
        required=True,
        min_items=1,
        item=FieldSpec("topic", "vocab", "A topic.", vocab="topic"),
    ),
    FieldSpec("tags", "list", "Optional: free keywords.", item=_text("tag", "A keyword.", max_length=60), translation="text"),
    _text("region", "Optional: the region (voivodeship, kraj, fylke, statistical region…)."),
    _text("municipality", "Optional: the municipality where the practice happened."),
    FieldSpec(
        "organisation",
        "object",
        "Who carried out the practice.",
        required=True,
        fields=(
            _text("name", "Full name of the organisation.", required=True),
            FieldSpec("type", "vocab", "Kind of organisation.", required=True, vocab="organisation_type"),
            FieldSpec("website", "url", "Optional: the organisation's website (http or https)."),
        ),
    ),
    FieldSpec("level_of_government", "vocab", "The level of government that led the practice.", required=True, vocab="level_of_government"),
    FieldSpec(
        "education_levels",
        "list",
        "The education levels the practice concerns.",
        required=True,
        min_items=1,
        item=FieldSpec("education_level", "vocab", "An education level.", vocab="education_level"),
    ),
    FieldSpec(
        "period",
        "object",
        "When the practice ran.",
        required=True,
        fields=(
            FieldSpec("start", "partial-date", "Start: YYYY, YYYY-MM or YYYY-MM-DD.", required=True, example="2020-09"),
            FieldSpec("end", "period-end", "End: YYYY, YYYY-MM, YYYY-MM-DD, or 'ongoing'.", default="ongoing", example="ongoing"),
        ),
    ),
    FieldSpec("stage", "vocab", "How far the practice has come.", required=True, vocab="stage"),
    FieldSpec(
        "contact",
        "object",
        "Who readers can ask about the practice.",
        required=True,
        fields=(
            _text("name", "Name of the contact person or office.", required=True),
            _text("role", "Optional: their role.", translation="text"),
            FieldSpec("email", "email", "An e-mail address.", required=True, example="education@example.org"),
        ),
    ),
    FieldSpec("published", "date", "Date of publication in the collection: YYYY-MM-DD.", required=True, example="2025-01-31"),
    FieldSpec("licence", "vocab", "Licence of the text (CC-BY-4.0 unless stated).", vocab="licence", default="CC-BY-4.0"),
    _text("funding", "Optional: who paid for it (programme, fund, own budget).", max_length=500, translation="text"),
    FieldSpec(
        "cost",
        "object",
        "Optional: what it cost.",
        fields=(
            FieldSpec("amount", "number", "Amount, as a number without spaces.", minimum=0),
            FieldSpec("currency", "currency", "Currency, ISO 4217 code (EUR, PLN, CZK, NOK…).", example="EUR"),
            _text("note", "Optional: what the amount covers.", max_length=500, translation="text"),
        ),
    ),
    FieldSpec(
        "partners",
        "list",
        "Optional: partner organisations.",
        item=FieldSpec(
            "partner",
            "object",
            "A partner.",
            fields=(
                _text("name", "Name of the partner.", required=True, translation="text"),
                FieldSpec("type", "vocab", "Optional: kind of organisation.", vocab="organisation_type"),
            ),
        ),
    ),
    FieldSpec(
        "attachments",
        "list",
        "Optional: files in the practice folder to offer for download.",
        item=FieldSpec(
            "attachment",
            "object",
            "An attachment.",
            fields=(
                FieldSpec("file", "path", "File name inside the practice folder.", required=True, example="plan.pdf", translation="key"),
                _text("title", "What the file is.", required=True, translation="text"),
            ),
        ),
    ),
    FieldSpec(
        "links",
        "list",
        "Optional: web pages about the practice.",
        item=FieldSpec(
            "link",
            "object",
            "A link.",
            fields=(
                FieldSpec("url", "url", "Address (http or https).", required=True, translation="key"),
                _text("title", "What the page is.", required=True, translation="text"),
                FieldSpec("kind", "vocab", "Optional: kind of page.", vocab="link_kind"),
            ),
        ),
    ),
    FieldSpec(
        "coordinates",
        "object",
        "Optional: where it happened, for the map.",
        fields=(
            FieldSpec("lat", "number", "Latitude in degrees.", required=True, minimum=-90, maximum=90),
            FieldSpec("lon", "number", "Longitude in degrees.", required=True, minimum=-180, maximum=180),
        ),
    ),
    FieldSpec(
        "related",
        "list",
        "Optional: slugs (folder names) of related practices.",
        item=FieldSpec("slug", "slug", "A practice's folder name."),
    ),
    FieldSpec("draft", "bool", "Optional: true while the text is not ready: shown in local preview with a banner, never published.", default=False),
    FieldSpec(
        "review",
        "object",
        "Optional, for editors: who reviewed the practice and when to look at it again.",
        fields=(
            _text("reviewed_by", "Name of the editor who reviewed it."),
            FieldSpec("reviewed_on", "date", "Date of the review: YYYY-MM-DD."),
            FieldSpec("next_review", "date", "Date by which it should be reviewed again: YYYY-MM-DD."),
        ),
    ),
)

ALL_FIELDS: dict[str, FieldSpec] = {f.name: f for f in VERSION_FIELDS + PRACTICE_FIELDS}
PRACTICE_FIELD_NAMES = frozenset(f.name for f in PRACTICE_FIELDS)
VERSION_FIELD_NAMES = frozenset(f.name for f in VERSION_FIELDS)


def _translatable_part(spec: FieldSpec) -> FieldSpec | None:
    """What a translation may write of a shared field: the field, the object or list with only its marked fields, or None."""
    if spec.translation is not None:
        return spec
    if spec.kind == "object":
        fields = tuple(part for part in map(_translatable_part, spec.fields) if part is not None)
        # An object whose only marked fields are keys has no text to translate.
        if any(f.translation == "text" or f.kind in ("object", "list") for f in fields):
            return replace(spec, fields=fields, required=False)
        return None
    if spec.kind == "list" and spec.item is not None:
        item = _translatable_part(spec.item)
        return replace(spec, item=item, required=False, min_items=0) if item is not None else None
    return None


TRANSLATION_FIELDS: tuple[FieldSpec, ...] = VERSION_FIELDS + tuple(part for part in map(_translatable_part, PRACTICE_FIELDS) if part is not None)
"""The front matter of a translation file: the version fields, and its own text of the shared fields' free text."""
TRANSLATED_FIELD_NAMES = frozenset(f.name for f in TRANSLATION_FIELDS) - VERSION_FIELD_NAMES
"""The shared fields a translation may carry a part of (tags, funding, cost, …)."""
SHARED_ONLY_FIELD_NAMES = PRACTICE_FIELD_NAMES - TRANSLATED_FIELD_NAMES
"""The shared fields a translation never carries: only the original-language file holds them."""


def _leaf_paths(fields: tuple[FieldSpec, ...], prefix: str = "") -> list[str]:
    paths = []
    for f in fields:
        children = f.fields or (f.item.fields if f.kind == "list" and f.item is not None else ())
        paths += _leaf_paths(children, f"{prefix}{f.name}.") if children else [prefix + f.name]
    return paths


TRANSLATION_PATHS: tuple[str, ...] = tuple(_leaf_paths(TRANSLATION_FIELDS))
"""Every field a translation may carry, as a path (`cost.note`; a field of each list item: `partners.name`)."""
SHARED_ONLY_PATHS: tuple[str, ...] = tuple(p for p in _leaf_paths(PRACTICE_FIELDS) if p not in TRANSLATION_PATHS and p.split(".")[0] in TRANSLATED_FIELD_NAMES) + tuple(
    sorted(SHARED_ONLY_FIELD_NAMES)
)
"""What a translation may not carry, as paths: the shared-only fields, and the fields of translated ones that are not
translated (`cost.amount`, `partners.type`)."""


def translation_example(path: str) -> str:
    """A one-line YAML example of what a translation may write instead of `path` (a path of `SHARED_ONLY_PATHS`).

    For a field of a translated object or list item, the translatable fields of that object (`cost: {note: …}`);
    for a shared-only field, the first translated object's.
    """
    top = path.split(".")[0]
    specs = {f.name: f for f in TRANSLATION_FIELDS}
    spec = specs.get(top) or next(f for f in TRANSLATION_FIELDS if f.kind == "object")
    if spec.kind == "list" and spec.item is not None and spec.item.kind == "object":
        return f"{spec.name}: [{{{_example_fields(spec.item)}}}]"
    if spec.kind == "object":
        return f"{spec.name}: {{{_example_fields(spec)}}}"
    return f"{spec.name}: …"


def _example_fields(spec: FieldSpec) -> str:
    return ", ".join(f"{f.name}: …" for f in spec.fields)
