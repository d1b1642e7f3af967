"""The open data described for tools and data portals (issue 19): the Frictionless Data Package and
the DCAT-AP catalogue, read as their users read them: `frictionless` validates the Data Package
against the files it describes, `pyld` expands the catalogue.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from datetime import UTC, datetime

import frictionless
from pyld import jsonld

from conftest import LANGS, ROOT
from goodpractices import SiteLayout
from goodpractices.dcat import EU, language_uri, whole_licence
from goodpractices.opendata import COLUMNS, file_path
from htmlutil import links_to, resolve

LAYOUT = SiteLayout(LANGS, "en")
BASE = "https://goodpractices.example.org/"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"


# -- the Data Package ------------------------------------------------------------------------------------


def test_the_data_package_describes_every_file_and_frictionless_validates_them(example_site, practices) -> None:
    descriptor = json.loads((example_site / "datapackage.json").read_text(encoding="utf-8"))
    expected_paths = {file_path(lang, form) for lang in (None, *LANGS) for form in ("csv", "json")}
    assert {r["path"] for r in descriptor["resources"]} == expected_paths
    assert {lic["name"] for lic in descriptor["licenses"]} == {p.licence for p in practices.values()}
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        assert [f["name"] for f in schema["fields"]] == list(COLUMNS)
        assert all(f["description"] and "column." not in f["description"] for f in schema["fields"])
        assert schema["primaryKey"] == (["slug", "language"] if resource["path"] in (file_path(None, "csv"), file_path(None, "json")) else ["slug"])
        assert resource["encoding"] == "utf-8" and resource["mediatype"] in ("text/csv", "application/json")

    report = frictionless.validate(str(example_site / "datapackage.json"))
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "message"])
    rows = {task.place: task.stats["rows"] for task in report.tasks}
    versions = sum(len(p.versions) for p in practices.values())
    for lang in (None, *LANGS):
        for form in ("csv", "json"):
            assert rows[file_path(lang, form)] == (versions if lang is None else len(practices)), (lang, form)


def test_the_data_package_catches_a_wrong_value(example_site, tmp_path) -> None:
    """The types and constraints are checked, not only the columns' names: a wrong date, code or number fails."""
    shutil.copy(example_site / "datapackage.json", tmp_path / "datapackage.json")
    shutil.copytree(example_site / "data", tmp_path / "data")
    path = tmp_path / file_path("pl", "csv")
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    rows[1][COLUMNS.index("published")] = "15 January"
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_bytes(("\ufeff" + out.getvalue()).encode("utf-8"))
    json_path = tmp_path / file_path("cs", "json")
    data = json.loads(json_path.read_text(encoding="utf-8"))
    data["practices"][0]["category"] = "not-a-category"
    json_path.write_text(json.dumps(data), encoding="utf-8")
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    wrong = {(task.place, field) for task in report.tasks for (field,) in task.flatten(["fieldName"])}
    assert wrong == {(file_path("pl", "csv"), "published"), (file_path("cs", "json"), "category")}


# -- the DCAT-AP catalogue -------------------------------------------------------------------------------------


def _no_remote_documents(url: str, options: object = None) -> None:
    raise AssertionError(f"the catalogue made the JSON-LD processor fetch {url}")


def _expected_modified(practices) -> str:
    """The later of the newest practice's date and the build's SOURCE_DATE_EPOCH (the plugin takes the last commit's)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    return max([*(p.published for p in practices.values()), datetime.fromtimestamp(int(epoch), UTC).date().isoformat()])


def test_the_dcat_catalogue_has_what_dcat_ap_requires(example_site, practices) -> None:
    document = json.loads((example_site / "catalog.jsonld").read_text(encoding="utf-8"))
    expanded = jsonld.expand(document, {"documentLoader": _no_remote_documents})
    nodes = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "@id" in node and "@type" in node:
                nodes[node["@id"]] = node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(expanded)

    def values(node: dict, prop: str) -> list:
        return node.get(prop, [])

    def ids(node: dict, prop: str) -> list[str]:
        return [v["@id"] for v in values(node, prop)]

    def languages_of(node: dict, prop: str) -> set[str]:
        return {v["@language"] for v in values(node, prop) if v.get("@value")}

    (catalog,) = [n for n in nodes.values() if DCAT + "Catalog" in n["@type"]]
    assert catalog["@id"] == BASE + "catalog.jsonld"
    # mandatory: title, description, publisher, dataset; texts in every site language
    assert languages_of(catalog, DCT + "title") == set(LANGS) and languages_of(catalog, DCT + "description") == set(LANGS)
    (publisher,) = ids(catalog, DCT + "publisher")
    assert values(nodes[publisher], FOAF + "name")
    assert set(ids(catalog, DCT + "language")) == {f"{EU}language/{code}" for code in ("ENG", "POL", "CES", "SLV", "NOB")}
    assert ids(catalog, FOAF + "homepage") == [BASE]
    datasets = [nodes[i] for i in ids(catalog, DCAT + "dataset")]
    assert len(datasets) == 1 + len(LANGS)
    issued = min(p.published for p in practices.values())
    modified = _expected_modified(practices)
    downloads = set()
    for dataset in datasets:
        assert DCAT + "Dataset" in dataset["@type"]
        assert languages_of(dataset, DCT + "title") == set(LANGS) and languages_of(dataset, DCT + "description") == set(LANGS)
        assert f"{EU}data-theme/EDUC" in ids(dataset, DCAT + "theme")
        assert ids(dataset, DCT + "publisher") == [publisher]
        assert languages_of(dataset, DCAT + "keyword") == set(LANGS)
        assert all(i.startswith(EU + "language/") for i in ids(dataset, DCT + "language"))
        assert {i.rsplit("/", 1)[1] for i in ids(dataset, DCT + "spatial")} == {"CZE", "NOR", "POL", "SVN"}
        assert [v["@value"] for v in values(dataset, DCT + "issued")] == [issued]
        assert [v["@value"] for v in values(dataset, DCT + "modified")] == [modified]
        distributions = [nodes[i] for i in ids(dataset, DCAT + "distribution")]
        assert len(distributions) == 2
        for distribution in distributions:
            assert DCAT + "Distribution" in distribution["@type"]
            (access,) = ids(distribution, DCAT + "accessURL")  # mandatory
            (download,) = ids(distribution, DCAT + "downloadURL")
            for url in (access, download):
                assert url.startswith(BASE) and resolve(example_site, "", url[len(BASE) :]).is_file(), url
            (media_type,) = ids(distribution, DCAT + "mediaType")
            assert media_type in ("https://www.iana.org/assignments/media-types/text/csv", "https://www.iana.org/assignments/media-types/application/json")
            assert ids(distribution, DCT + "format")[0].startswith(EU + "file-type/")
            # the example's practices are under CC0, CC BY and CC BY-SA: the files as a whole, under CC BY-SA
            assert ids(distribution, DCT + "license") == [f"{EU}licence/CC_BYSA_4_0"]
            downloads.add(download[len(BASE) :])
    assert downloads == {file_path(lang, form) for lang in (None, *LANGS) for form in ("csv", "json")}


def test_the_catalogue_is_linked_from_the_open_data_page(example_site) -> None:
    for lang in LANGS:
        page = LAYOUT.prefix(lang) + "open-data/"
        catalog = example_site / "catalog.jsonld"
        assert catalog in links_to(example_site, page, "link", rel="alternate", type="application/ld+json")
        visible = links_to(example_site, page, "a")
        assert {catalog, example_site / "datapackage.json"} <= visible
        # an example of a practice's document
        assert any(target and target.parent == example_site / "data" / "practices" and target.is_file() for target in visible)


def test_a_file_of_several_licences_is_reused_on_the_terms_of_the_strictest() -> None:
    assert whole_licence({"CC-BY-4.0"}) == "CC-BY-4.0"
    assert whole_licence({"CC0-1.0", "CC-BY-4.0"}) == "CC-BY-4.0"
    assert whole_licence({"CC0-1.0", "CC-BY-SA-4.0", "CC-BY-4.0"}) == "CC-BY-SA-4.0"
    assert whole_licence({"CC-BY-4.0", "LicenseRef-own"}) is None and whole_licence(set()) is None
    assert language_uri("nb") == EU + "language/NOB" and language_uri("cs") == EU + "language/CES"
