"""The open data described for data portals: a DCAT-AP catalogue in JSON-LD (`catalog.jsonld`).

European and national data portals harvest DCAT-AP: a `dcat:Catalog` (the site) with a
`dcat:Dataset` for the files of each language and one for the file of all languages,
each with a `dcat:Distribution` per file (CSV, JSON). Titles and descriptions are in
every site language (`@language`); languages, countries, themes, file types and
licences are the EU Publications Office's authority URIs where one exists. Dates come
from the practices (`published`) and from the build's `SOURCE_DATE_EPOCH` (the last
commit), never from the clock, so two builds of the same sources write the same file.
The context is inline: a harvester fetches nothing else to read it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import pycountry

from . import opendata
from .datapackage import DATAPACKAGE_PATH
from .model import Practice
from .site import SiteLayout, sort_key
from .vocab import Vocabularies

CATALOG_PATH = "catalog.jsonld"
"""The catalogue, at the site root (Material's script fetches the `sitemap.xml` beside a `<link rel=alternate>`: the site's)."""
MEDIA_TYPE = "application/ld+json"

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
EU = "http://publications.europa.eu/resource/authority/"
THEMES = ("EDUC", "GOVE")
"""EU data themes: education, culture and sport; government and public sector."""
_EU_LICENCES = {"CC-BY-4.0": "CC_BY_4_0", "CC-BY-SA-4.0": "CC_BYSA_4_0", "CC0-1.0": "CC0"}
"""Licence codes of the vocabulary → the EU licence authority's; another licence is named by its own address."""
_LICENCES_BY_TERMS = ("CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0")
"""Licences each of which requires all that those before it require: a file of practices under several of
them can be reused as a whole on the terms of the last one it has (each practice's own is in its row)."""
_FORMATS = {"csv": ("CSV", "text/csv"), "json": ("JSON", "application/json")}
"""Form of a file → its EU file type and IANA media type."""


def language_uri(code: str) -> str:
    """The EU authority URI of an ISO 639-1 language (`pl` → …/language/POL)."""
    language = pycountry.languages.get(alpha_2=code)
    return f"{EU}language/{(language.alpha_3 if language else code).upper()}"


def country_uri(code: str) -> str:
    """The EU authority URI of an ISO 3166-1 alpha-2 country (`PL` → …/country/POL)."""
    country = pycountry.countries.get(alpha_2=code)
    return f"{EU}country/{(country.alpha_3 if country else code).upper()}"


def licence_uri(code: str, vocab: Vocabularies) -> str | None:
    if code in _EU_LICENCES:
        return f"{EU}licence/{_EU_LICENCES[code]}"
    term = vocab["licence"].terms.get(code)
    return term.extra.get("url") if term else None


def whole_licence(licences: set[str]) -> str | None:
    """The licence on whose terms a file of practices under `licences` can be reused as a whole, if there is one."""
    if len(licences) == 1:
        return next(iter(licences))
    if licences and licences <= set(_LICENCES_BY_TERMS):
        return max(licences, key=_LICENCES_BY_TERMS.index)
    return None


def catalogue(
    practices: dict[str, Practice],
    layout: SiteLayout,
    vocab: Vocabularies,
    *,
    base_url: str,
    site_names: Mapping[str, str],
    publisher: str | None = None,
    sources_date: str | None = None,
    page: str = "open-data/",
) -> dict[str, Any]:
    """The DCAT-AP catalogue of the open data, as JSON-LD (`base_url` ends with '/').

    `sources_date`: the date (YYYY-MM-DD) of the sources, when known (the catalogue's `modified` date is the
    later of it and the newest practice's); `page`: the open-data
    page below a language's prefix (each distribution's `accessURL`); `publisher`: the
    name of who publishes the site (default: the site's name).
    """
    langs = layout.languages

    def texts(make: Callable[[str], str]) -> list[dict[str, str]]:
        """A text in every site language, each marked with its language."""
        return [{"@value": make(lang), "@language": lang} for lang in langs]

    def date(value: str) -> dict[str, str]:
        return {"@value": value, "@type": "xsd:date"}

    def ref(iri: str) -> dict[str, str]:
        return {"@id": iri}

    def site_name(lang: str) -> str:
        return site_names.get(lang) or site_names.get(layout.default_language, "")

    published = sorted(p.published for p in practices.values())
    issued = published[0] if published else sources_date
    modified = max(filter(None, (published[-1] if published else None, sources_date)), default=None)
    dates = {**({"dct:issued": date(issued)} if issued else {}), **({"dct:modified": date(modified)} if modified else {})}
    publisher_id = base_url + CATALOG_PATH + "#publisher"
    licence = whole_licence({p.licence for p in practices.values()})
    licence_iri = licence_uri(licence, vocab) if licence else None
    rights = {"@type": "dct:RightsStatement", "rdfs:label": {"@value": opendata.LICENCE_NOTICE, "@language": "en"}}
    countries = [ref(country_uri(code)) for code in sorted({p.country for p in practices.values()})]
    keywords = [
        {"@value": label, "@language": lang}
        for lang in langs
        for label in sorted(
            {vocab["category"].label(p.category, lang) for p in practices.values()} | {vocab["topic"].label(t, lang) for p in practices.values() for t in p.topics},
            key=sort_key,
        )
    ]

    datasets = []
    for code in (None, *langs):
        name = "all" if code is None else code
        # The languages of the texts: every version's, or those readers of `code` get.
        shown = {v for p in practices.values() for v in p.versions} if code is None else {layout.best_version(p, code).lang for p in practices.values()}
        landing = base_url + layout.prefix(code or layout.default_language) + page
        title = partial(_dataset_title, code, vocab=vocab, site_name=site_name)
        distributions = []
        for form, (file_type, media_type) in _FORMATS.items():
            path = opendata.file_path(code, form)
            distributions.append(
                {
                    "@id": f"{base_url}{CATALOG_PATH}#distribution-{name}-{form}",
                    "@type": "dcat:Distribution",
                    "dct:title": texts(partial(_dataset_title, code, vocab=vocab, site_name=site_name, form=form)),
                    "dcat:accessURL": ref(landing),
                    "dcat:downloadURL": ref(base_url + path),
                    "dcat:mediaType": ref(f"https://www.iana.org/assignments/media-types/{media_type}"),
                    "dct:format": ref(f"{EU}file-type/{file_type}"),
                    "dct:conformsTo": ref(base_url + (opendata.SCHEMA_PATH if form == "json" else DATAPACKAGE_PATH)),
                    **({"dct:license": ref(licence_iri)} if licence_iri else {}),
                    "dct:rights": rights,
                    **dates,
                }
            )
        datasets.append(
            {
                "@id": f"{base_url}{CATALOG_PATH}#dataset-{name}",
                "@type": "dcat:Dataset",
                "dct:identifier": f"{base_url}{CATALOG_PATH}#dataset-{name}",
                "dct:title": texts(title),
                "dct:description": texts(partial(opendata.dataset_description, code, vocab=vocab)),
                "dct:publisher": ref(publisher_id),
                "dcat:theme": [ref(f"{EU}data-theme/{theme}") for theme in THEMES],
                "dcat:keyword": keywords,
                "dct:language": [ref(language_uri(lang)) for lang in sorted(shown)],
                "dct:spatial": countries,
                "dct:accessRights": ref(f"{EU}access-right/PUBLIC"),
                "dct:accrualPeriodicity": ref(f"{EU}frequency/IRREG"),
                "dcat:landingPage": ref(landing),
                **dates,
                "dcat:distribution": distributions,
            }
        )

    return {
        "@context": CONTEXT,
        "@id": base_url + CATALOG_PATH,
        "@type": "dcat:Catalog",
        "dct:title": texts(site_name),
        "dct:description": texts(lambda lang: vocab.t("reuse.catalogue_description", lang)),
        "dct:publisher": {
            "@id": publisher_id,
            "@type": "foaf:Agent",
            "foaf:name": publisher if publisher else texts(site_name),
            "foaf:homepage": ref(base_url),
        },
        "foaf:homepage": ref(base_url),
        "dct:language": [ref(language_uri(lang)) for lang in langs],
        "dct:spatial": countries,
        "dcat:themeTaxonomy": ref(f"{EU}data-theme"),
        **dates,
        "dcat:dataset": datasets,
    }


def _dataset_title(code: str | None, lang: str, *, vocab: Vocabularies, site_name: Callable[[str], str], form: str | None = None) -> str:
    title = opendata.dataset_title(code, lang, vocab, site_name(lang))
    return f"{title}, {form.upper()}" if form else title


def to_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
