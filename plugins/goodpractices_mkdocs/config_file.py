"""Reading the few settings of a site the command-line tools need from mkdocs.yml, without importing MkDocs.

The tools (validation, scaffolding, the issue bot) must agree with the build on the
site's languages and the practices folder; they read them here, as the plugin reads
them from MkDocs' configuration (mkdocs-static-i18n's languages, else the theme's).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class TolerantLoader(yaml.SafeLoader):
    """Safe loader that reads MkDocs' `!!python/name:` and `!ENV` tags as plain values."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


TolerantLoader.add_multi_constructor("", _ignore_tag)


@dataclass(frozen=True)
class ProjectSettings:
    """What the tools need of a site's configuration."""

    languages: tuple[str, ...]
    default_language: str
    practices_dir: Path
    fallback_languages: tuple[str, ...]


def _plugin_options(plugins: Any, name: str) -> dict[str, Any] | None:
    for entry in plugins or []:
        if entry == name:
            return {}
        if isinstance(entry, dict) and name in entry:
            return entry[name] or {}
    if isinstance(plugins, dict) and name in plugins:
        return plugins[name] or {}
    return None


def read_site_settings(config_file: Path) -> ProjectSettings:
    """Languages, default language and practices folder as the build will see them."""
    try:
        text = config_file.read_text(encoding="utf-8")
    except OSError as exc:
        raise OSError(f"cannot read {config_file}: {exc.strerror}") from exc
    data = yaml.load(text, Loader=TolerantLoader) or {}  # noqa: S506 - a SafeLoader
    if not isinstance(data, dict):
        raise ValueError(f"{config_file} is not a MkDocs configuration")
    plugins = data.get("plugins")
    practices = _plugin_options(plugins, "practices") or {}
    i18n = _plugin_options(plugins, "i18n")
    theme = data.get("theme") or {}
    theme_language = theme.get("language", "en") if isinstance(theme, dict) else "en"
    if i18n and i18n.get("languages"):
        langs = [lang for lang in i18n["languages"] if lang.get("build", True) is not False]
        languages = tuple(str(lang["locale"]) for lang in langs)
        default = next((str(lang["locale"]) for lang in langs if lang.get("default")), languages[0])
    else:
        default = str(theme_language)
        languages = tuple(practices.get("languages") or [default])
    folder = config_file.resolve().parent / str(practices.get("practices_dir", "practices"))
    fallbacks = tuple(practices.get("fallback_languages") or ["en"])
    return ProjectSettings(languages, default, folder, fallbacks)
