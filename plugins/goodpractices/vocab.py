"""Controlled vocabularies and interface strings, loaded from data files.

Labels for every value live in `data/vocabularies.yml` and interface strings in
`data/ui.yml`, in every interface language. Country names come from pycountry's
translations of ISO 3166-1, not from a table of our own; a country is found by any of
them (`Countries.code`), as the scaffolder, the issue bot and the validator all find it.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pycountry
import yaml

from .answers import NoMatch, answer_key, nearest
from .plural import plural_form

DATA_DIR = Path(__file__).parent / "data"
VOCABULARIES_FILE = DATA_DIR / "vocabularies.yml"
UI_FILE = DATA_DIR / "ui.yml"

INTERFACE_LANGUAGES = ("en", "pl", "cs", "sl", "nb")
"""Languages every label must exist in."""

# pycountry names its Norwegian Bokmål catalogue after the territory.
_GETTEXT_LOCALES = {"nb": ["nb_NO", "nb"]}

_TITLE_WORDS = frozenset({"republic", "republika", "republikken", "kingdom", "kongeriket", "kraljevina", "kralovstvi", "krolestwo", "the", "of", "den", "det"})
"""Words of a country's longer name that people leave out: "Czeska" for "Republika Czeska", "Korea" for "Korea, Republic of"."""


@dataclass(frozen=True)
class Term:
    """One value of a vocabulary, with its labels."""

    value: str
    labels: Mapping[str, str]
    help: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict)

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.value


@dataclass(frozen=True)
class Vocabulary:
    """A named, ordered set of allowed values."""

    name: str
    terms: Mapping[str, Term]

    def __contains__(self, value: object) -> bool:
        return value in self.terms

    @property
    def values(self) -> list[str]:
        return list(self.terms)

    def label(self, value: str, lang: str) -> str:
        term = self.terms.get(value)
        return term.label(lang) if term else value


class Countries:
    """ISO 3166-1 alpha-2 codes with names in the interface languages (via pycountry)."""

    def __init__(self) -> None:
        self._translations: dict[str, gettext.NullTranslations] = {}
        self._names: dict[tuple[str, str], str] = {}

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and len(code) == 2 and code.isupper() and pycountry.countries.get(alpha_2=code) is not None

    @cached_property
    def codes(self) -> list[str]:
        return sorted(c.alpha_2 for c in pycountry.countries)

    def _translation(self, lang: str) -> gettext.NullTranslations:
        if lang not in self._translations:
            self._translations[lang] = gettext.translation(
                "iso3166-1",
                pycountry.LOCALES_DIR,
                languages=_GETTEXT_LOCALES.get(lang, [lang]),
                fallback=True,
            )
        return self._translations[lang]

    def name(self, code: str, lang: str) -> str:
        key = (code, lang)
        if key not in self._names:
            country = pycountry.countries.get(alpha_2=code)
            if country is None:
                self._names[key] = code
            else:
                tr = self._translation(lang)
                catalog = getattr(tr, "_catalog", {})
                # A catalogue may translate only the official or common name;
                # a translation identical to the English name still counts.
                name = getattr(country, "common_name", None) or country.name
                for attr in ("name", "common_name", "official_name"):
                    candidate = getattr(country, attr, None)
                    if candidate and candidate in catalog:
                        name = tr.gettext(candidate)
                        break
                self._names[key] = name
        return self._names[key]

    def names(self, code: str, languages: tuple[str, ...] = INTERFACE_LANGUAGES) -> set[str]:
        """Every name of a country: its English name, common and official names, and their translations in `languages`.

        Czechia is also Czech Republic, Česko, Česká republika, Czechy, Republika Czeska, Češka republika, Tsjekkia…
        """
        country = pycountry.countries.get(alpha_2=code)
        if country is None:
            return set()
        english = {name for attr in ("name", "common_name", "official_name") if (name := getattr(country, attr, None))}
        return english | {self._translation(lang).gettext(name) for lang in languages for name in english}

    @cached_property
    def _codes_by_name(self) -> dict[str, list[str]]:
        """Every code and name of every country, as `answer_key` makes it → the codes of the countries it names."""
        codes: dict[str, list[str]] = {}
        shorter: dict[str, set[str]] = {}
        for country in pycountry.countries:
            code = country.alpha_2
            for name in (code, country.alpha_3, *sorted(self.names(code))):
                key = answer_key(name)
                found = codes.setdefault(key, [])
                if code not in found:
                    found.append(code)
                words = [word for word in key.split() if word not in _TITLE_WORDS]
                if words and len(words) < len(key.split()):
                    shorter.setdefault(" ".join(words), set()).add(code)
        for key, only in shorter.items():
            if len(only) == 1 and key not in codes:
                codes[key] = sorted(only)
        return codes

    def code(self, answer: str) -> str:
        """The two-letter code of the country `answer` names, or `NoMatch` with the nearest codes.

        By its two- or three-letter code, or by any of its names in English or an interface language
        (Česko, Czechia, Czech Republic, Czechy, Tsjekkia…), folded (`answer_key`: "CESKO", "česká
        republika"), without a word such as "Republic" ("Czeska"), or by its first words when only one
        country's name starts so (Slovenian "Češka" for "Češka republika").
        """
        key = answer_key(answer)
        codes = self._codes_by_name.get(key, [])
        if not codes and key:
            starting = (found for name, found in self._codes_by_name.items() if name.startswith(key + " "))
            codes = list(dict.fromkeys(code for found in starting for code in found))
        if len(codes) == 1:
            return codes[0]
        raise NoMatch(answer.strip(), codes[:3] or nearest(key, self._codes_by_name))


class Vocabularies:
    """All vocabularies, countries and interface strings, loaded once."""

    def __init__(self, vocab_file: Path = VOCABULARIES_FILE, ui_file: Path = UI_FILE) -> None:
        with vocab_file.open(encoding="utf-8") as fh:
            raw = yaml.load(fh, Loader=yaml.CSafeLoader)
        self._vocabs: dict[str, Vocabulary] = {}
        for name, entries in raw.items():
            terms = {}
            for value, spec in entries.items():
                extra = {k: v for k, v in spec.items() if k not in ("label", "help")}
                terms[str(value)] = Term(str(value), dict(spec["label"]), spec.get("help"), extra)
            self._vocabs[name] = Vocabulary(name, terms)
        # ui.yml, plus ui-*.yml files of features that keep their strings apart. A text that
        # counts gives one form per plural category in each language (see plural.py).
        self.ui: dict[str, dict[str, str | dict[str, str]]] = {}
        ui_files = [ui_file, *sorted(ui_file.parent.glob(ui_file.stem + "-*.yml"))]
        for path in ui_files:
            with path.open(encoding="utf-8") as fh:
                self.ui.update(yaml.load(fh, Loader=yaml.CSafeLoader) or {})
        self.files = (vocab_file, *ui_files)
        self.countries = Countries()

    def fingerprint(self) -> str:
        """A digest of the files these vocabularies were read from (names, sizes, modification times)."""
        parts = []
        for path in self.files:
            stat = Path(path).stat()
            parts.append(f"{path}:{stat.st_mtime_ns}:{stat.st_size}")
        return "|".join(parts)

    def __getitem__(self, name: str) -> Vocabulary:
        return self._vocabs[name]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._vocabs.values())

    def t(self, key: str, lang: str, **params: object) -> str:
        """Interface string `key` in `lang` (English if missing), with `{param}` filled in.

        A text given in plural forms takes the form for the number `n` (a parameter it must have).
        """
        entry = self.ui.get(key)
        if entry is None:
            return key
        text = entry.get(lang) or entry.get("en") or key
        if isinstance(text, dict):
            count = params.get("n")
            text = plural_form(text, lang if lang in entry else "en", count if isinstance(count, int) else 0)
        return text.format(**params) if params else text

    def language_name(self, code: str, lang: str) -> str:
        return self["language"].label(code, lang)

    def native_language_name(self, code: str) -> str:
        term = self["language"].terms.get(code)
        return term.extra.get("native", code) if term else code
