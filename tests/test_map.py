"""The map of practices: TopoJSON decoding, projection, fallbacks, and the built pages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import LANGS, ROOT, make_project, minimal_practice, mkdocs
from goodpractices import SiteLayout, geo, load_practices
from goodpractices.model import Practice
from htmlutil import elements, resolve

LAYOUT = SiteLayout(LANGS, "en")
DATA = ROOT / geo.DEFAULT_DATA
PAGE_BUDGET = 150_000
"""Bytes of one map page (the SVG is inline)."""


# -- a tiny hand-made topology ------------------------------------------------------

# Quantized to a 0.1° grid from (10°E, 48°N): arc 0 is the border Poland/Czechia
# (17°E, 50°N → 17°E, 52°N), arc 1 closes the northern square, arc 2 the southern
# one, arc 3 a small island of Poland's, arc 4 a hole in the southern square.
TINY = {
    "type": "Topology",
    "transform": {"scale": [0.1, 0.1], "translate": [10, 48]},
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "MultiPolygon", "id": "616", "properties": {"name": "Poland"}, "arcs": [[[0, 1]], [[3]]]},
                {"type": "Polygon", "id": "203", "properties": {"name": "Czechia"}, "arcs": [[-1, 2], [4]]},
                {"type": "Polygon", "properties": {"name": "Nowhere"}, "arcs": [[5]]},
                {"type": None, "id": "999"},
            ],
        }
    },
    "arcs": [
        [[70, 20], [0, 20]],  # (17, 50) → (17, 52)
        [[70, 40], [80, 0], [0, -20], [-80, 0]],  # (17, 52) → (25, 52) → (25, 50) → (17, 50)
        [[70, 20], [-70, 0], [0, 20], [70, 0]],  # (17, 50) → (10, 50) → (10, 52) → (17, 52)
        [[180, 60], [5, 0], [0, 5], [-5, 0], [0, -5]],  # island (28, 54)
        [[20, 28], [10, 0], [0, 4], [-10, 0], [0, -4]],  # hole (12, 50.8)
        [[100, 20], [5, 0], [0, 5], [-5, 0], [0, -5]],  # (20, 50), no id
    ],
}


def test_decode_quantized_arcs_and_rings() -> None:
    features = geo.decode_topology(TINY)
    assert [(f.id, f.name) for f in features] == [("616", "Poland"), ("203", "Czechia"), (None, "Nowhere")]
    poland, czechia, _ = features
    assert len(poland.polygons) == 2
    outer = poland.polygons[0][0]
    # arc 0 then arc 1 without repeating the shared point; closed
    assert [tuple(round(c, 6) for c in p) for p in outer] == [(17, 50), (17, 52), (25, 52), (25, 50), (17, 50)]
    # arc -1 is arc 0 reversed
    ring = czechia.polygons[0][0]
    assert [tuple(round(c, 6) for c in p) for p in ring[:3]] == [(17, 52), (17, 50), (10, 50)]
    assert ring[0] == pytest.approx(ring[-1])
    assert len(czechia.polygons[0]) == 2, "the hole is kept"


def test_decode_unquantized_topology() -> None:
    topology = {"type": "Topology", "objects": {"c": {"type": "Polygon", "id": "8", "arcs": [[0]]}}, "arcs": [[[1.5, 2], [3, 2], [3, 4], [1.5, 2]]]}
    [feature] = geo.decode_topology(topology, "c")
    assert feature.polygons == [[[(1.5, 2.0), (3.0, 2.0), (3.0, 4.0), (1.5, 2.0)]]]
    assert geo.alpha2(feature.id) == "AL"


def test_decode_rejects_what_is_not_a_topology() -> None:
    with pytest.raises(ValueError):
        geo.decode_topology({"type": "FeatureCollection", "features": []})


def test_numeric_codes_to_alpha2() -> None:
    assert geo.alpha2("616") == "PL"
    assert geo.alpha2("578") == "NO"
    assert geo.alpha2("40") == "AT"
    assert geo.alpha2(None) is None
    assert geo.alpha2("000") is None


CITIES = {
    "Lisbon": (-9.14, 38.72),
    "Warsaw": (21.01, 52.23),
    "Oslo": (10.75, 59.91),
    "Ljubljana": (14.51, 46.06),
    "Reykjavik": (-21.9, 64.15),
    "Nicosia": (33.38, 35.17),
    "Valletta": (14.51, 35.9),
    "Helsinki": (24.94, 60.17),
    "Moscow": (37.62, 55.76),
    "Athens": (23.73, 37.98),
}


def test_projection_keeps_europe_in_the_frame_and_in_order() -> None:
    frame = geo.Frame.around()
    points = {name: frame.point(lon, lat) for name, (lon, lat) in CITIES.items()}
    for name, (x, y) in points.items():
        assert 10 < x < frame.width - 10 and 10 < y < frame.height - 10, (name, x, y)
    assert points["Lisbon"][0] < points["Warsaw"][0], "Lisbon is west of Warsaw"
    assert points["Oslo"][1] < points["Ljubljana"][1], "Oslo is north of Ljubljana"
    assert points["Lisbon"][0] < points["Oslo"][0] < points["Moscow"][0] and points["Reykjavik"][0] < points["Oslo"][0]
    assert points["Helsinki"][1] < points["Warsaw"][1] < points["Athens"][1]
    # the projection's centre (10°E, 52°N) is on the central meridian: x is the frame's middle axis
    assert geo.project(*geo.CENTRE) == pytest.approx((0, 0))


def test_projection_is_equal_area() -> None:
    def area(lon: float, lat: float) -> float:
        return abs(geo.ring_area([geo.project(lon, lat), geo.project(lon + 1, lat), geo.project(lon + 1, lat + 1), geo.project(lon, lat + 1)]))

    # The same one-degree cell at 40°N, near the centre and far to the west, has the same projected area.
    assert area(10, 40) == pytest.approx(area(-20, 40), rel=1e-3)


def test_clip_ring_to_the_frame() -> None:
    square = [(-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0)]
    clipped = geo.clip_ring(square, 0, 0, 10, 10)
    assert abs(geo.ring_area(clipped)) == pytest.approx(25)
    assert geo.clip_ring([(20.0, 20.0), (30.0, 20.0), (30.0, 30.0)], 0, 0, 10, 10) == []


def test_path_data_is_short_and_relative() -> None:
    d = geo.path_data([[(10.0, 20.0), (11.26, 20.0), (11.26, 19.5), (10.02, 19.5)], [(0, 0), (0.01, 0.01)]])
    assert d == "M10 20l1.3 0 0-.5-1.3 0z", "rounded to 0.1, relative, short numbers; degenerate rings dropped"
    numbers = [float(n) for n in re.findall(r"-?\d*\.?\d+", d)]
    assert numbers == [10, 20, 1.3, 0, 0, -0.5, -1.3, 0]


def test_interior_point_stays_inside_a_concave_country() -> None:
    # A "U": its centroid (in the gap between the arms) is outside the shape.
    u_shape = [[(0.0, 0.0), (30.0, 0.0), (30.0, 30.0), (20.0, 30.0), (20.0, 10.0), (10.0, 10.0), (10.0, 30.0), (0.0, 30.0)]]
    x, y = geo.interior_point(u_shape)
    assert geo._signed_distance(x, y, u_shape) > 3


def _tiny_basemap() -> geo.BaseMap:
    return geo.make_basemap(TINY)


def test_basemap_of_the_tiny_topology() -> None:
    basemap = _tiny_basemap()
    assert [s.code for s in basemap.shapes] == ["CZ", "PL", None]
    poland, czechia = basemap.by_code["PL"], basemap.by_code["CZ"]
    assert poland.d.count("M") == 2, "mainland and island"
    assert czechia.d.count("M") == 2, "outer ring and hole"
    # the shared border is the same points in both paths (arcs are simplified once)
    x, _y = basemap.frame.point(17, 51)
    px, py = poland.centre
    cx, cy = czechia.centre
    assert cx < x < px, "Czechia's centre is west of the border, Poland's east of it"
    assert geo._signed_distance(px, py, poland.polygons[0]) > 0
    assert geo._signed_distance(cx, cy, czechia.polygons[0]) > 0, "inside the outer ring, outside the hole"


def _practice(slug: str, country: str, coords: tuple[float, float] | None = None, lang: str = "en", title: str | None = None) -> Practice:
    return minimal_practice(slug, lang=lang, title=title, country=country, coordinates=coords)


def test_build_map_counts_fallbacks_and_order(vocab) -> None:
    practices = {
        p.slug: p
        for p in [
            _practice("warsaw", "PL", (52.23, 21.01), title="B in Warsaw"),
            _practice("somewhere-pl", "PL", title="A somewhere in Poland"),
            _practice("prague", "CZ", title="In Czechia, no coordinates", lang="cs"),
            _practice("lisbon", "PT", (38.72, -9.14), title="Not in the tiny data"),
            _practice("vienna", "AT", title="Country not in the data"),
        ]
    }
    basemap = _tiny_basemap()
    view = geo.build_map(practices, "pl", LAYOUT, vocab, basemap)
    assert view.view_box == "0 0 1000 800"
    # ordered by the country's name in Polish, then title: Austria, Czechy, Polska, Portugalia
    assert [m.slug for m in view.markers] == ["vienna", "prague", "somewhere-pl", "warsaw", "lisbon"]
    by_slug = {m.slug: m for m in view.markers}
    assert by_slug["prague"].approximate and by_slug["prague"].on_map
    assert (by_slug["prague"].x, by_slug["prague"].y) == basemap.by_code["CZ"].centre, "alone: exactly at the centre"
    assert by_slug["prague"].href == "pl/practices/prague/" and by_slug["prague"].lang == "cs"
    assert by_slug["somewhere-pl"].approximate and by_slug["somewhere-pl"].on_map
    assert not by_slug["warsaw"].approximate and by_slug["warsaw"].lat == 52.23
    wx, wy = basemap.frame.point(21.01, 52.23)
    # near Poland's centre, where the practice without coordinates is placed: both set apart around them, close by
    assert (by_slug["warsaw"].x - wx) ** 2 + (by_slug["warsaw"].y - wy) ** 2 <= (3.5 * geo.SPREAD_RADIUS) ** 2
    assert by_slug["lisbon"].on_map, "coordinates inside the frame are shown even without a country shape"
    assert not by_slug["vienna"].on_map, "no coordinates and no shape: listed in the table only"
    assert by_slug["vienna"].country_name == "Austria"

    counts = {c.code: (c.count, c.bucket) for c in view.countries}
    assert counts == {"CZ": (1, 1), "PL": (2, 2), None: (0, 0)}
    poland = next(c for c in view.countries if c.code == "PL")
    assert poland.name == "Polska" and poland.label == "Polska — liczba praktyk: 2"
    assert [(e.bucket, e.label) for e in view.legend] == [(0, "brak"), (1, "1"), (2, "2–4")]
    assert [(r.code, r.count, r.href) for r in view.rows] == [
        ("AT", 1, "pl/practices/country/at/"),
        ("CZ", 1, "pl/practices/country/cz/"),
        ("PL", 2, "pl/practices/country/pl/"),
        ("PT", 1, "pl/practices/country/pt/"),
    ]
    assert [m.slug for m in view.rows[2].markers] == ["somewhere-pl", "warsaw"]
    assert len(view.placed) == 4


def test_markers_at_the_same_place_are_spread(vocab) -> None:
    practices = {p.slug: p for p in [_practice(f"cz-{i}", "CZ") for i in range(3)]}
    basemap = _tiny_basemap()
    view = geo.build_map(practices, "en", LAYOUT, vocab, basemap)
    points = [(m.x, m.y) for m in view.markers]
    assert len(set(points)) == 3
    for i, (ax, ay) in enumerate(points):
        for bx, by in points[i + 1 :]:
            assert (ax - bx) ** 2 + (ay - by) ** 2 >= (2 * geo.SPREAD_RADIUS) ** 2 * 0.99
    # the same input gives the same output
    assert geo.build_map(practices, "en", LAYOUT, vocab, basemap) == view


def test_buckets() -> None:
    assert [geo.bucket_of(n) for n in (0, 1, 2, 4, 5, 9, 10, 24, 25, 1000)] == [0, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert [geo.bucket_label(b) for b in range(1, 6)] == ["1", "2–4", "5–9", "10–24", "25+"]


def test_missing_data_says_how_to_get_it(tmp_path) -> None:
    with pytest.raises(geo.MapDataError, match=r"map data not found at .*nope\.json: run npm ci \(the world-atlas package\)"):
        geo.load_basemap(tmp_path / "nope.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"type": "FeatureCollection"}', encoding="utf-8")
    with pytest.raises(geo.MapDataError, match="not a TopoJSON"):
        geo.load_basemap(broken)


# -- the real boundaries (world-atlas, installed by npm ci) ----------------------------------


@pytest.fixture(scope="module")
def europe() -> geo.BaseMap:
    if not DATA.is_file():
        pytest.fail(f"{DATA} is missing: run `npm ci` in the repository (scripts/_setup.sh does it)")
    return geo.load_basemap(DATA)


def test_europe_from_world_atlas(europe) -> None:
    codes = {s.code for s in europe.shapes}
    assert {"PL", "CZ", "SI", "NO", "IS", "PT", "CY", "MT", "FI", "GR", "UA", "GB", "IE"} <= codes
    assert "US" not in codes and "AU" not in codes
    assert geo.load_basemap(DATA) is europe, "cached per file"
    size = sum(len(s.d) for s in europe.shapes)
    assert size < 90_000, size
    frame = europe.frame
    for code, city in (("PL", "Warsaw"), ("SI", "Ljubljana"), ("NO", "Oslo"), ("PT", "Lisbon")):
        cx, cy = europe.by_code[code].centre
        assert frame.contains(cx, cy)
        x, y = frame.point(*CITIES[city])
        assert abs(cx - x) < 150 and abs(cy - y) < 150, (code, (cx, cy), (x, y))
    # Norway's centre is in Norway, not in Sweden (a centroid would be)
    assert geo._signed_distance(*europe.by_code["NO"].centre, max(europe.by_code["NO"].polygons, key=lambda p: abs(geo.ring_area(p[0])))) > 0


# -- the built example site -----------------------------------------------------------------


class _Svg(HTMLParser):
    """Marker links, country paths with their tooltips, and the table rows of a map page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.markers: list[dict[str, str | None]] = []
        self.paths: list[dict[str, str | None]] = []
        self.titles: dict[int, str] = {}
        self._path: int | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and "gp-map__marker" in (values.get("class") or "").split():
            self.markers.append(values)
        elif tag == "path" and values.get("data-country"):
            self.paths.append(values)
            self._path = len(self.paths) - 1
        elif tag == "title" and self._path is not None:
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "path":
            self._path = None
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title and self._path is not None:
            self.titles[self._path] = self.titles.get(self._path, "") + data


@pytest.fixture(scope="module")
def collection(vocab):
    result = load_practices(ROOT / "practices", LANGS, vocab, display_base=ROOT)
    assert not result.errors
    return {slug: p for slug, p in result.practices.items() if not p.draft}


@pytest.mark.parametrize("lang", LANGS)
def test_map_page_in_every_language(example_site: Path, collection, vocab, lang: str) -> None:
    url = f"{LAYOUT.prefix(lang)}map/"
    page = example_site / url / "index.html"
    html = page.read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in html
    assert page.stat().st_size < PAGE_BUDGET, page.stat().st_size
    assert f"<h1>{vocab.t('map.title', lang)}</h1>" in html
    assert f'<title id="gp-map-title">{vocab.t("map.svg_title", lang)}</title>' in html

    parser = _Svg()
    parser.feed(html)
    # one marker per practice, each linking to an existing page of that practice
    assert len(parser.markers) == len(collection) == 8
    assert sorted(m["data-slug"] for m in parser.markers) == sorted(collection)
    for marker in parser.markers:
        target = resolve(example_site, url, marker["href"] or "")
        assert target is not None and target.is_file(), marker
        assert f"/practices/{marker['data-slug']}/" in "/" + target.relative_to(example_site).as_posix()
        shown = LAYOUT.best_version(collection[marker["data-slug"]], lang).lang
        # the title's language (SVG links have no hreflang: the W3C checker refuses it)
        assert "hreflang" not in marker and marker.get("lang") == (None if shown == lang else shown)
    approximate = {m["data-slug"] for m in parser.markers if "gp-map__marker--approximate" in (m["class"] or "")}
    assert approximate == {slug for slug, p in collection.items() if p.coordinates is None}

    # the shaded layer: counts per country in the tooltip, a class per bucket
    counts: dict[str, int] = {}
    for practice in collection.values():
        counts[practice.country] = counts.get(practice.country, 0) + 1
    shaded = {}
    for index, path in enumerate(parser.paths):
        code = path["data-country"] or ""
        bucket = re.search(r"gp-map__c(\d)", path["class"] or "")
        assert bucket, path["class"]
        shaded[code] = int(bucket.group(1))
        name = vocab.countries.name(code, lang)
        assert parser.titles[index] == vocab.t("map.country_count", lang, country=name, n=counts.get(code, 0))
    assert {code for code, b in shaded.items() if b > 0} == set(counts)
    assert shaded["DE"] == 0 and shaded["PL"] == 2
    assert len(shaded) > 40, "the countries of Europe are drawn"

    # the table says the same
    rows = elements(html, "tr")
    assert len([r for r in rows if r.get("data-country")]) == len(counts)
    table = html[html.index('id="gp-map-table"') :]
    links = [a["href"] for a in elements(table, "a") if a.get("href") and "/practices/" in "/" + (a.get("href") or "") and "country" not in (a.get("href") or "")]
    practice_links = {resolve(example_site, url, href) for href in links}
    assert len(practice_links) == 8 and all(p and p.is_file() for p in practice_links)
    for code in counts:
        assert vocab.countries.name(code, lang) in table
    # the skip link leads to the table
    assert elements(html, "a", href="#gp-map-table")


def test_map_pages_are_in_the_sitemap(example_site: Path) -> None:
    sitemap = (example_site / "sitemap.xml").read_text(encoding="utf-8")
    for lang in LANGS:
        assert f"https://goodpractices.example.org/{LAYOUT.prefix(lang)}map/</loc>" in sitemap


def test_missing_map_data_fails_the_build_clearly(tmp_path) -> None:
    config = """\
site_name: Test site
theme:
  name: material
  language: en
plugins:
  - practices:
      search: false
      map_data: nowhere/countries.json
"""
    project = make_project(tmp_path, {}, config=config)
    (project / "docs").mkdir(exist_ok=True)
    (project / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode != 0
    assert "map data not found at" in result.stderr and "run npm ci (the world-atlas package)" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


# -- in a browser ----------------------------------------------------------------------------


def test_markers_are_reachable_with_tab_and_open_with_enter(page, served_site) -> None:
    from playwright.sync_api import expect

    page.goto(f"{served_site}/pl/map/")
    markers = page.locator("a.gp-map__marker")
    expect(markers).to_have_count(8)
    slugs = [markers.nth(i).get_attribute("data-slug") for i in range(8)]
    reached = []
    for _ in range(80):
        page.keyboard.press("Tab")
        slug = page.evaluate("document.activeElement.closest('a.gp-map__marker')?.dataset.slug ?? null")
        if slug:
            reached.append(slug)
            if len(reached) == 1:
                # a visible focus indicator: the dot grows and gets a focus stroke
                r = page.evaluate("getComputedStyle(document.activeElement.querySelector('circle')).r")
                assert float(r.rstrip("px")) > 7, r
        elif reached:
            break
    assert reached == slugs, "every marker, in the order of the table"
    # Shift+Tab back to the third marker, then Enter opens its practice.
    for _ in range(len(reached) - 2):
        page.keyboard.press("Shift+Tab")
    target = page.evaluate("document.activeElement.dataset.slug")
    assert target == slugs[2]
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/practices/{target}/$"))
    expect(page.locator("h1").first).to_be_visible()


def test_map_fits_a_phone(browser, served_site) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto(f"{served_site}/nb/map/")
        box = page.locator("svg.gp-map__svg").bounding_box()
        assert box and box["width"] <= 360 and box["height"] > 200
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()


def test_no_two_markers_of_the_example_map_touch(example_site: Path) -> None:
    """On a phone markers are drawn up to SPREAD_RADIUS with a ring: any two are three radii apart or more."""
    for lang in LANGS:
        html = (example_site / LAYOUT.prefix(lang) / "map" / "index.html").read_text(encoding="utf-8")
        markers = html[html.index('<g class="gp-map__markers">') :]
        markers = markers[: markers.index("</g>")]
        points = [(float(x), float(y)) for x, y in re.findall(r'<circle class="gp-map__dot" cx="([\d.]+)" cy="([\d.]+)"', markers)]
        assert len(points) >= 8
        for i, (ax, ay) in enumerate(points):
            for bx, by in points[i + 1 :]:
                assert (ax - bx) ** 2 + (ay - by) ** 2 >= (3 * geo.SPREAD_RADIUS) ** 2 * 0.99, (lang, (ax, ay), (bx, by))
