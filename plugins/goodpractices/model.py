"""The practice model: plain data, no I/O and no MkDocs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Organisation:
    name: str
    type: str
    website: str | None = None


@dataclass(frozen=True)
class Period:
    start: str
    """YYYY, YYYY-MM or YYYY-MM-DD."""
    end: str | None
    """Same forms, or None while the practice is ongoing."""

    @property
    def ongoing(self) -> bool:
        return self.end is None

    @property
    def start_year(self) -> int:
        return int(self.start[:4])

    @property
    def end_year(self) -> int | None:
        return int(self.end[:4]) if self.end else None


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    role: str | None = None


@dataclass(frozen=True)
class Cost:
    amount: float | None = None
    currency: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Partner:
    name: str
    type: str | None = None


@dataclass(frozen=True)
class Attachment:
    file: str
    """Path relative to the practice folder, with forward slashes."""
    title: str


@dataclass(frozen=True)
class Link:
    url: str
    title: str
    kind: str | None = None


@dataclass(frozen=True)
class Coordinates:
    lat: float
    lon: float


@dataclass(frozen=True)
class Review:
    """Editors' review metadata (optional)."""

    reviewed_by: str | None = None
    reviewed_on: str | None = None
    next_review: str | None = None
    """YYYY-MM-DD after which the practice should be looked at again."""


@dataclass
class Version:
    """One language version of a practice: its own title, summary and body."""

    lang: str
    title: str
    summary: str
    body: str
    source: Path
    """The Markdown file, as shown to authors (relative to the project)."""
    body_line: int = 1
    results: list[str] = field(default_factory=list)
    is_original: bool = False
    # A translation's own text of the practice's free-text fields; None (or no entry): the original's.
    # The original's own values are the practice's fields, never repeated here.
    tags: list[str] | None = None
    funding: str | None = None
    cost_note: str | None = None
    contact_role: str | None = None
    partner_names: list[str] | None = None
    """One per partner of the practice, in the same order."""
    attachment_titles: dict[str, str] = field(default_factory=dict)
    """An attachment's file → its title in this version."""
    link_titles: dict[str, str] = field(default_factory=dict)
    """A link's URL → its title in this version."""


@dataclass
class Practice:
    """A practice: language-neutral metadata plus its language versions."""

    slug: str
    folder: Path
    """Absolute path of `practices/<slug>/`."""
    original_language: str
    versions: dict[str, Version]
    """Language code → version; the original language first, then alphabetical."""
    category: str
    country: str
    topics: list[str]
    organisation: Organisation
    level_of_government: str
    education_levels: list[str]
    period: Period
    stage: str
    contact: Contact
    published: str
    """YYYY-MM-DD."""
    licence: str = "CC-BY-4.0"
    tags: list[str] = field(default_factory=list)
    region: str | None = None
    municipality: str | None = None
    funding: str | None = None
    cost: Cost | None = None
    partners: list[Partner] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    coordinates: Coordinates | None = None
    related: list[str] = field(default_factory=list)
    draft: bool = False
    """Shown in local preview with a banner, never in a production build."""
    review: Review | None = None
    extra_files: list[str] = field(default_factory=list)
    """Every non-Markdown file in the folder (relative paths): images and attachments to publish."""
    field_lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    """Line of each top-level field in the original file, for messages about cross-practice checks."""

    def review_overdue(self, today: str) -> bool:
        """True when `next_review` (YYYY-MM-DD) is before `today` (YYYY-MM-DD)."""
        return bool(self.review and self.review.next_review and self.review.next_review < today)

    @property
    def languages(self) -> list[str]:
        return list(self.versions)

    @property
    def original(self) -> Version:
        return self.versions[self.original_language]

    def best_version(self, lang: str, fallbacks: tuple[str, ...] = ("en",)) -> Version:
        """The version a reader of `lang` should get: theirs, else a fallback, else the original."""
        if lang in self.versions:
            return self.versions[lang]
        for fallback in fallbacks:
            if fallback in self.versions:
                return self.versions[fallback]
        return self.original
