"""The front-matter schema, declared once.

The validator walks these specs; documentation, templates for authors and the
JSON Schema for editors are all derived from them, so they cannot disagree.

Two scopes:

* `practice` fields are language-neutral and written once, in the file of the
  practice's original language;
* `version` fields are written in every language file (title, summary, …).
"""

from __future__ import annotations

from dataclasses import dataclass
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

    def child(self, name: str) -> FieldSpec | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None


def _text(name: str, help: str, *, required: bool = False, max_length: int = 300, scope: Scope = "practice", example: object = None) -> FieldSpec:
    return FieldSpec(name, "text", help, required=required, max_length=max_length, scope=scope, example=example)


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
    FieldSpec("tags", "list", "Optional: free keywords.", item=_text("tag", "A keyword.", max_length=60)),
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
            _text("role", "Optional: their role."),
            FieldSpec("email", "email", "An e-mail address.", required=True, example="education@example.org"),
        ),
    ),
    FieldSpec("published", "date", "Date of publication in the collection: YYYY-MM-DD.", required=True, example="2025-01-31"),
    FieldSpec("licence", "vocab", "Licence of the text (CC-BY-4.0 unless stated).", vocab="licence", default="CC-BY-4.0"),
    _text("funding", "Optional: who paid for it (programme, fund, own budget).", max_length=500),
    FieldSpec(
        "cost",
        "object",
        "Optional: what it cost.",
        fields=(
            FieldSpec("amount", "number", "Amount, as a number without spaces.", minimum=0),
            FieldSpec("currency", "currency", "Currency, ISO 4217 code (EUR, PLN, CZK, NOK…).", example="EUR"),
            _text("note", "Optional: what the amount covers.", max_length=500),
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
                _text("name", "Name of the partner.", required=True),
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
                FieldSpec("file", "path", "File name inside the practice folder.", required=True, example="plan.pdf"),
                _text("title", "What the file is.", required=True),
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
                FieldSpec("url", "url", "Address (http or https).", required=True),
                _text("title", "What the page is.", required=True),
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
