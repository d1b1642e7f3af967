"""Validation messages and field help in every interface language (data/messages.yml, data/fields.yml)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"
MESSAGES_FILE = DATA_DIR / "messages.yml"
FIELDS_FILE = DATA_DIR / "fields.yml"


class Catalogue:
    """Message templates by key and language, with English as the fallback."""

    def __init__(self, *files: Path) -> None:
        self.entries: dict[str, Mapping[str, str]] = {}
        for file in files:
            with file.open(encoding="utf-8") as fh:
                self.entries.update(yaml.load(fh, Loader=yaml.CSafeLoader) or {})

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def get(self, key: str, lang: str) -> str:
        entry = self.entries.get(key)
        if entry is None:
            return key
        return entry.get(lang) or entry.get("en") or key


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    return Catalogue(MESSAGES_FILE, FIELDS_FILE)


def field_help(path: str, lang: str) -> str:
    """One-line help of a field (`organisation.name`) in `lang`."""
    return catalogue().get(path, lang)
