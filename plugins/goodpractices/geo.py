"""The map of practices: a map of Europe drawn at build time, markers at the practices.

The boundaries come from a TopoJSON file of Natural Earth's countries (the
`world-atlas` npm package: `countries-50m.json`, whose ids are ISO 3166-1
numeric codes). They are decoded, projected (Lambert azimuthal equal-area,
centred on Europe), clipped to a frame around Europe and simplified into SVG
path data once per file; each interface language then gets its names, counts,
markers and legend. No tile server and no download: the page is one inline SVG.

A practice without coordinates is placed at its country's centre (a point well
inside the country's largest polygon) and flagged as approximate.
"""

from __future__ import annotations

import heapq
import itertools
import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry

from .model import Practice
from .site import SiteLayout, sort_key
from .vocab import Vocabularies

DEFAULT_DATA = Path("node_modules") / "world-atlas" / "countries-50m.json"
"""Where `npm ci` puts the boundaries, relative to the project root."""

WIDTH = 1000
HEIGHT = 800
CENTRE = (10.0, 52.0)
"""Longitude and latitude of the projection's centre."""
FRAME_POINTS: tuple[tuple[float, float], ...] = (
    (-24.5, 65.5),  # western Iceland
    (-10.0, 36.5),  # Cape St Vincent
    (12.5, 35.0),  # Lampedusa, south of Malta
    (24.5, 34.6),  # Crete
    (34.6, 34.3),  # eastern Cyprus
    (45.0, 40.0),  # Caucasus
    (45.0, 58.0),  # towards the Urals
    (26.0, 71.3),  # North Cape
)
"""Places (longitude, latitude) the frame must show; it is widened to the WIDTH:HEIGHT ratio."""
FRAME_PADDING = 0.02
"""Margin around FRAME_POINTS, as a share of the frame's size."""
CLIP_MARGIN = 8.0
"""Shapes are clipped this far outside the view box, so that no clipped edge is visible."""
TOLERANCE = 0.5
"""Douglas–Peucker tolerance of the borders, in view box units (1 unit ≈ 4 km)."""
MIN_RING_AREA = 1.0
"""Rings smaller than this (square units) are left out, except a country's largest."""
MARKER_RADIUS = 7.0
"""Radius of a marker (the stylesheet makes them bigger on a phone, up to SPREAD_RADIUS)."""
SPREAD_RADIUS = 10.0
"""Markers closer than three of these radii (a clear gap between two of the largest, with their rings)
are spread around their common centre."""
BUCKETS: tuple[tuple[int, int | None], ...] = ((1, 1), (2, 4), (5, 9), (10, 24), (25, None))
"""Shading classes by number of practices in a country: (lowest, highest or None)."""


class MapDataError(Exception):
    """The boundary data is missing or unreadable; the message says what to do."""


# -- TopoJSON -----------------------------------------------------------------

Ring = list[tuple[float, float]]
_Point = tuple[float, float]
Polygon = list[Ring]
"""An outer ring, then its holes."""


@dataclass(frozen=True)
class Feature:
    """A decoded geometry: its id, name and polygons in longitude/latitude."""

    id: str | None
    name: str
    polygons: list[Polygon]


def decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    """The arcs of a topology in longitude/latitude (quantized ones delta-decoded)."""
    transform = topology.get("transform")
    arcs: list[Ring] = []
    if transform:
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        for arc in topology["arcs"]:
            x = y = 0
            points = []
            for position in arc:
                x += position[0]
                y += position[1]
                points.append((x * sx + tx, y * sy + ty))
            arcs.append(points)
    else:
        arcs = [[(float(p[0]), float(p[1])) for p in arc] for arc in topology["arcs"]]
    return arcs


def _ring(indexes: Sequence[int], arcs: list[Ring]) -> Ring:
    points: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])  # consecutive arcs share an end point
    return points


def decode_topology(topology: dict[str, Any], object_name: str = "countries") -> list[Feature]:
    """The Polygon and MultiPolygon geometries of one object of a TopoJSON topology."""
    if topology.get("type") != "Topology" or object_name not in topology.get("objects", {}):
        raise ValueError(f"not a TopoJSON topology with an object {object_name!r}")
    arcs = decode_arcs(topology)
    obj = topology["objects"][object_name]
    geometries = obj.get("geometries", [obj])
    features = []
    for geometry in geometries:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        gid = geometry.get("id")
        name = (geometry.get("properties") or {}).get("name") or ""
        features.append(Feature(None if gid is None else str(gid), str(name), [[_ring(r, arcs) for r in polygon] for polygon in polygons]))
    return features


def alpha2(numeric: str | None) -> str | None:
    """ISO 3166-1 numeric code ("616") → alpha-2 ("PL"); None for areas without one."""
    if numeric is None:
        return None
    country = pycountry.countries.get(numeric=numeric.zfill(3))
    return country.alpha_2 if country else None


# -- projection -----------------------------------------------------------------


def project(lon: float, lat: float, centre: tuple[float, float] = CENTRE) -> tuple[float, float]:
    """Lambert azimuthal equal-area projection on the unit sphere; y grows southwards (as in SVG)."""
    lam, phi = math.radians(lon), math.radians(lat)
    lam0, phi0 = math.radians(centre[0]), math.radians(centre[1])
    cos_dlam = math.cos(lam - lam0)
    denominator = 1 + math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * cos_dlam
    k = math.sqrt(2 / max(denominator, 1e-12))
    x = k * math.cos(phi) * math.sin(lam - lam0)
    y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * cos_dlam)
    return x, -y


@dataclass(frozen=True)
class Frame:
    """Projected coordinates → view box: x' = (x - x0) * scale, y' = (y - y0) * scale."""

    x0: float
    y0: float
    scale: float
    width: int = WIDTH
    height: int = HEIGHT

    @classmethod
    def around(cls, points: Iterable[tuple[float, float]] = FRAME_POINTS, width: int = WIDTH, height: int = HEIGHT) -> Frame:
        projected = [project(lon, lat) for lon, lat in points]
        xs, ys = [p[0] for p in projected], [p[1] for p in projected]
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        w, h = w * (1 + 2 * FRAME_PADDING), h * (1 + 2 * FRAME_PADDING)
        scale = min(width / w, height / h)
        cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        return cls(cx - width / 2 / scale, cy - height / 2 / scale, scale, width, height)

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = project(lon, lat)
        return (x - self.x0) * self.scale, (y - self.y0) * self.scale

    def contains(self, x: float, y: float) -> bool:
        return 0 <= x <= self.width and 0 <= y <= self.height

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


# -- geometry in the view box -------------------------------------------------------


def clip_ring(ring: Ring, x0: float, y0: float, x1: float, y1: float) -> Ring:
    """Sutherland–Hodgman clipping of a closed ring to a rectangle (fine for filled shapes)."""
    edges: tuple[tuple[Callable[[_Point], bool], Callable[[_Point, _Point], _Point]], ...] = (
        (lambda p: p[0] >= x0, lambda a, b: _at_x(a, b, x0)),
        (lambda p: p[0] <= x1, lambda a, b: _at_x(a, b, x1)),
        (lambda p: p[1] >= y0, lambda a, b: _at_y(a, b, y0)),
        (lambda p: p[1] <= y1, lambda a, b: _at_y(a, b, y1)),
    )
    points = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
    for inside, cross in edges:
        if not points:
            break
        out: Ring = []
        previous = points[-1]
        for current in points:
            if inside(current):
                if not inside(previous):
                    out.append(cross(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(cross(previous, current))
            previous = current
        points = out
    return points


def _at_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _at_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


def ring_area(ring: Ring) -> float:
    """Signed area (shoelace formula) of an open or closed ring."""
    total = 0.0
    n = len(ring)
    for i in range(n):
        (ax, ay), (bx, by) = ring[i], ring[(i + 1) % n]
        total += ax * by - bx * ay
    return total / 2


def _number(tenths: int) -> str:
    """A coordinate in tenths of a unit, written as short as SVG allows: 12 → 1.2, -5 → -.5, 30 → 3."""
    sign = "-" if tenths < 0 else ""
    whole, tenth = divmod(abs(tenths), 10)
    if not tenth:
        return f"{sign}{whole}"
    return f"{sign}{whole if whole else ''}.{tenth}"


def path_data(rings: Iterable[Ring]) -> str:
    """SVG path data: each ring as an absolute move, then relative lines, rounded to 0.1 unit."""
    out = []
    for ring in rings:
        points: list[tuple[int, int]] = []
        for x, y in ring:
            p = (round(x * 10), round(y * 10))
            if not points or p != points[-1]:
                points.append(p)
        if len(points) > 1 and points[-1] == points[0]:
            points.pop()
        if len(points) < 3:
            continue
        parts = [f"M{_number(points[0][0])} {_number(points[0][1])}l"]
        numbers: list[str] = []
        for (ax, ay), (bx, by) in itertools.pairwise(points):
            numbers += (_number(bx - ax), _number(by - ay))
        text = numbers[0]
        for number in numbers[1:]:
            text += number if number.startswith("-") else " " + number
        parts.append(text + "z")
        out.append("".join(parts))
    return "".join(out)


def interior_point(polygon: Polygon, precision: float | None = None) -> tuple[float, float]:
    """A point inside the polygon, far from its edges ("pole of inaccessibility", as Mapbox's polylabel).

    `precision` defaults to 1 % of the polygon's smaller side (at least 0.5 unit).
    """
    outer = polygon[0]
    xs, ys = [p[0] for p in outer], [p[1] for p in outer]
    min_x, min_y, max_x, max_y = min(xs), min(ys), max(xs), max(ys)
    size = min(max_x - min_x, max_y - min_y)
    if size <= 0:
        return min_x, min_y
    if precision is None:
        precision = max(0.5, size / 100)
    h = size / 2
    queue: list[tuple[float, int, float, float, float, float]] = []
    counter = 0

    def cell(x: float, y: float, half: float) -> tuple[float, int, float, float, float, float]:
        nonlocal counter
        d = _signed_distance(x, y, polygon)
        counter += 1
        return (-(d + half * math.sqrt(2)), counter, x, y, half, d)

    x = min_x
    while x < max_x:
        y = min_y
        while y < max_y:
            heapq.heappush(queue, cell(x + h, y + h, h))
            y += size
        x += size
    best = cell(*_centroid(outer), 0)
    box_centre = cell((min_x + max_x) / 2, (min_y + max_y) / 2, 0)
    if box_centre[5] > best[5]:
        best = box_centre
    while queue:
        current = heapq.heappop(queue)
        _, _, cx, cy, half, d = current
        if d > best[5]:
            best = current
        if -current[0] - best[5] <= precision:
            continue
        half /= 2
        for dx in (-half, half):
            for dy in (-half, half):
                heapq.heappush(queue, cell(cx + dx, cy + dy, half))
    return best[2], best[3]


def _centroid(ring: Ring) -> tuple[float, float]:
    area = ring_area(ring)
    if abs(area) < 1e-12:
        return sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)
    cx = cy = 0.0
    n = len(ring)
    for i in range(n):
        (ax, ay), (bx, by) = ring[i], ring[(i + 1) % n]
        f = ax * by - bx * ay
        cx += (ax + bx) * f
        cy += (ay + by) * f
    return cx / (6 * area), cy / (6 * area)


def _signed_distance(x: float, y: float, polygon: Polygon) -> float:
    """Distance from the point to the polygon's edges: positive inside, negative outside."""
    inside = False
    best = math.inf
    for ring in polygon:
        n = len(ring)
        for i in range(n):
            ax, ay = ring[i]
            bx, by = ring[(i + 1) % n]
            if (ay > y) != (by > y) and x < (bx - ax) * (y - ay) / (by - ay) + ax:
                inside = not inside
            dx, dy = bx - ax, by - ay
            length = dx * dx + dy * dy
            t = 0.0 if length == 0 else max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / length))
            ex, ey = ax + t * dx - x, ay + t * dy - y
            best = min(best, ex * ex + ey * ey)
    distance = math.sqrt(best)
    return distance if inside else -distance


# -- the base map (once per data file) ---------------------------------------------------


@dataclass
class BaseShape:
    """One country (or an area without an ISO code) in the view box."""

    code: str | None
    """ISO 3166-1 alpha-2, or None (Kosovo and Northern Cyprus in Natural Earth)."""
    d: str
    """SVG path data; empty when the country is too small to draw."""
    polygons: list[Polygon] = field(repr=False)
    """Clipped, simplified polygons (view box units), for the country's centre."""
    _centre: tuple[float, float] | None = field(default=None, repr=False)

    @property
    def centre(self) -> tuple[float, float] | None:
        """A point inside the largest polygon (in view box units), or None when nothing is in the frame."""
        if self._centre is None and self.polygons:
            largest = max(self.polygons, key=lambda polygon: abs(ring_area(polygon[0])))
            x, y = interior_point(largest)
            self._centre = (round(x, 1), round(y, 1))
        return self._centre


@dataclass
class BaseMap:
    frame: Frame
    shapes: list[BaseShape]
    """Countries with an ISO code in code order, then the others."""
    by_code: dict[str, BaseShape]


def make_basemap(topology: dict[str, Any], frame: Frame | None = None, object_name: str = "countries") -> BaseMap:
    """Project, simplify and clip a TopoJSON object of countries into the frame (default: Europe in WIDTH×HEIGHT).

    Arcs are simplified once each, before rings are put together, so that
    neighbours keep exactly the same border.
    """
    frame = frame or Frame.around()
    if topology.get("type") != "Topology" or object_name not in topology.get("objects", {}):
        raise ValueError(f"not a TopoJSON topology with an object {object_name!r}")
    arcs = decode_arcs(topology)
    projected: dict[int, Ring] = {}

    def arc(index: int) -> Ring:
        j = index if index >= 0 else ~index
        if j not in projected:
            projected[j] = simplify([frame.point(lon, lat) for lon, lat in arcs[j]], TOLERANCE)
        return projected[j] if index >= 0 else projected[j][::-1]

    def ring(indexes: Sequence[int]) -> Ring:
        points: Ring = []
        for index in indexes:
            part = arc(index)
            points.extend(part if not points else part[1:])
        return points

    x0, y0 = -CLIP_MARGIN, -CLIP_MARGIN
    x1, y1 = frame.width + CLIP_MARGIN, frame.height + CLIP_MARGIN
    merged: dict[str, list[Polygon]] = {}
    unnamed: list[tuple[str, list[Polygon]]] = []
    tiny: dict[str, tuple[float, float]] = {}
    obj = topology["objects"][object_name]
    for geometry in obj.get("geometries", [obj]):
        kind = geometry.get("type")
        if kind not in ("Polygon", "MultiPolygon"):
            continue
        polygons: list[Polygon] = []
        for polygon in [geometry["arcs"]] if kind == "Polygon" else geometry["arcs"]:
            if not polygon or not _may_show(_ring(polygon[0], arcs)):
                continue
            rings = []
            for index, indexes in enumerate(polygon):
                clipped = clip_ring(ring(indexes), x0, y0, x1, y1)
                if len(clipped) < 3:
                    if index == 0:
                        break  # the outer ring is outside the frame: so are its holes
                    continue
                rings.append(clipped)
            if rings:
                polygons.append(rings)
        gid = geometry.get("id")
        code = alpha2(None if gid is None else str(gid))
        if not polygons:
            if code and code not in merged and code not in tiny:
                # Too small to draw (the Vatican): its centre is still needed for markers.
                outer = _ring(([geometry["arcs"]] if kind == "Polygon" else geometry["arcs"])[0][0], arcs)
                x, y = frame.point(sum(p[0] for p in outer) / len(outer), sum(p[1] for p in outer) / len(outer))
                if frame.contains(x, y):
                    tiny[code] = (round(x, 1), round(y, 1))
            continue
        if code is None:
            unnamed.append((str((geometry.get("properties") or {}).get("name") or ""), polygons))
        else:
            merged.setdefault(code, []).extend(polygons)
    shapes = [_shape(code, polygons) for code, polygons in sorted(merged.items())]
    shapes += [BaseShape(code, "", [], centre) for code, centre in sorted(tiny.items()) if code not in merged]
    shapes.sort(key=lambda shape: shape.code or "")
    shapes += [_shape(None, polygons) for _, polygons in sorted(unnamed, key=lambda item: item[0])]
    return BaseMap(frame, shapes, {s.code: s for s in shapes if s.code})


def simplify(points: Ring, tolerance: float) -> Ring:
    """Douglas–Peucker: keep the end points and every point farther than `tolerance` from the simplified line."""
    n = len(points)
    if n < 3:
        return list(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    limit = tolerance * tolerance
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = dx * dx + dy * dy
        worst, worst_at = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                d = (px - ax) ** 2 + (py - ay) ** 2
            else:
                t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
                d = (ax + t * dx - px) ** 2 + (ay + t * dy - py) ** 2
            if d > worst:
                worst, worst_at = d, i
        if worst > limit:
            keep[worst_at] = True
            stack.append((first, worst_at))
            stack.append((worst_at, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def _may_show(outer: Ring) -> bool:
    """A cheap test in longitude/latitude: can this polygon reach the frame at all?"""
    lons, lats = [p[0] for p in outer], [p[1] for p in outer]
    return max(lats) > 25 and min(lats) < 85 and max(lons) > -45 and min(lons) < 75


def _shape(code: str | None, polygons: list[Polygon]) -> BaseShape:
    largest = max(abs(ring_area(p[0])) for p in polygons)
    drawn: list[Ring] = []
    for polygon in polygons:
        area = abs(ring_area(polygon[0]))
        if area >= MIN_RING_AREA or area == largest:
            drawn.append(polygon[0])
            drawn.extend(hole for hole in polygon[1:] if abs(ring_area(hole)) >= MIN_RING_AREA)
    return BaseShape(code, path_data(drawn), polygons)


_CACHE: dict[tuple[str, int, int], BaseMap] = {}


def _basemap_key(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return (str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def load_basemap(path: Path | str) -> BaseMap:
    """The base map of a TopoJSON file, computed once per file (and per change of it)."""
    path = Path(path)
    try:
        key = _basemap_key(path)
    except OSError:
        raise MapDataError(f"map data not found at {path}: run npm ci (the world-atlas package)") from None
    if key not in _CACHE:
        try:
            topology = json.loads(path.read_text(encoding="utf-8"))
            basemap = make_basemap(topology)
        except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
            raise MapDataError(f"map data at {path} is not a TopoJSON file of countries ({exc}): run npm ci (the world-atlas package)") from None
        _CACHE.clear()
        _CACHE[key] = basemap
    return _CACHE[key]


# -- the page -------------------------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    slug: str
    title: str
    href: str
    """Site-relative path of the practice's page in the map's language (templates apply `| url`)."""
    lang: str
    """Language of the title (the best available version's)."""
    lat: float | None
    lon: float | None
    country: str
    approximate: bool
    """True when the practice has no coordinates and is placed at its country's centre."""
    x: float | None = None
    y: float | None = None
    """Position in the view box; None when the place is outside the map."""
    country_name: str = ""

    @property
    def on_map(self) -> bool:
        return self.x is not None and self.y is not None


@dataclass(frozen=True)
class CountryShape:
    code: str | None
    name: str
    d: str
    count: int
    bucket: int
    """0 for no practices, else 1 + the index of the BUCKETS class."""
    label: str
    """What a pointer's tooltip says: the name and the number of practices."""


@dataclass(frozen=True)
class LegendEntry:
    bucket: int
    label: str


@dataclass(frozen=True)
class CountryRow:
    """The table below the map: one country and its practices."""

    code: str
    name: str
    count: int
    href: str | None
    markers: list[Marker]


@dataclass(frozen=True)
class MapView:
    lang: str
    markers: list[Marker]
    """Every practice, by country name then title; those with `on_map` are drawn."""
    view_box: str = f"0 0 {WIDTH} {HEIGHT}"
    width: int = WIDTH
    height: int = HEIGHT
    countries: list[CountryShape] = field(default_factory=list)
    legend: list[LegendEntry] = field(default_factory=list)
    rows: list[CountryRow] = field(default_factory=list)
    marker_radius: float = MARKER_RADIUS

    @property
    def total(self) -> int:
        return len(self.markers)

    @property
    def placed(self) -> list[Marker]:
        return [m for m in self.markers if m.on_map]


def bucket_of(count: int) -> int:
    if count <= 0:
        return 0
    for index, (low, high) in enumerate(BUCKETS):
        if count >= low and (high is None or count <= high):
            return index + 1
    return len(BUCKETS)


def bucket_label(bucket: int) -> str:
    low, high = BUCKETS[bucket - 1]
    if high is None:
        return f"{low}+"
    return str(low) if low == high else f"{low}–{high}"


def build_map(
    practices: dict[str, Practice],
    lang: str,
    layout: SiteLayout,
    vocab: Vocabularies,
    data: Path | str | BaseMap | None = None,
) -> MapView:
    """The map page in `lang`. `data`: a TopoJSON file (default: DEFAULT_DATA below the working directory) or a BaseMap."""
    from .catalogue import term_path

    basemap = data if isinstance(data, BaseMap) else load_basemap(Path.cwd() / DEFAULT_DATA if data is None else data)
    frame = basemap.frame
    counts: dict[str, int] = {}
    for practice in practices.values():
        counts[practice.country] = counts.get(practice.country, 0) + 1

    def country_name(code: str) -> str:
        return vocab.countries.name(code, lang)

    ordered = sorted(practices.values(), key=lambda p: (sort_key(country_name(p.country)), p.country, sort_key(layout.best_version(p, lang).title), p.slug))
    placed: list[tuple[float, float] | None] = []
    for practice in ordered:
        coords = practice.coordinates
        point: tuple[float, float] | None = None
        if coords is not None:
            point = frame.point(coords.lon, coords.lat)
        else:
            shape = basemap.by_code.get(practice.country)
            point = shape.centre if shape else None
        placed.append(point if point and frame.contains(*point) else None)
    spread = _spread(placed, SPREAD_RADIUS)

    markers = []
    for practice, point in zip(ordered, spread, strict=True):
        version = layout.best_version(practice, lang)
        coords = practice.coordinates
        markers.append(
            Marker(
                practice.slug,
                version.title,
                layout.practice_path(practice.slug, lang),
                version.lang,
                coords.lat if coords else None,
                coords.lon if coords else None,
                practice.country,
                coords is None,
                round(point[0], 1) if point else None,
                round(point[1], 1) if point else None,
                country_name(practice.country),
            )
        )

    countries = []
    for shape in basemap.shapes:
        if not shape.d:
            continue
        if shape.code is None:
            countries.append(CountryShape(None, "", shape.d, 0, 0, ""))
            continue
        name = country_name(shape.code)
        n = counts.get(shape.code, 0)
        countries.append(CountryShape(shape.code, name, shape.d, n, bucket_of(n), vocab.t("map.country_count", lang, country=name, n=n)))

    highest = max((bucket_of(n) for n in counts.values()), default=0)
    legend = [LegendEntry(0, vocab.t("map.legend_none", lang))] + [LegendEntry(b, bucket_label(b)) for b in range(1, highest + 1)]

    rows = []
    by_country: dict[str, list[Marker]] = {}
    for marker in markers:
        by_country.setdefault(marker.country, []).append(marker)
    for code, group in by_country.items():  # already in the order of country names
        rows.append(CountryRow(code, group[0].country_name, len(group), term_path(layout, lang, "country", code), group))
    return MapView(lang, markers, frame.view_box, frame.width, frame.height, countries, legend, rows)


def _spread(points: list[tuple[float, float] | None], radius: float) -> list[tuple[float, float] | None]:
    """Markers that would overlap are set on a small circle around their mean, in a stable order."""
    placed = {index: point for index, point in enumerate(points) if point is not None}
    groups: list[list[int]] = []
    for index, point in placed.items():
        for group in groups:
            gx, gy = placed[group[0]]
            if (point[0] - gx) ** 2 + (point[1] - gy) ** 2 < (3 * radius) ** 2:
                group.append(index)
                break
        else:
            groups.append([index])
    out = list(points)
    for group in groups:
        if len(group) < 2:
            continue
        mx = sum(placed[i][0] for i in group) / len(group)
        my = sum(placed[i][1] for i in group) / len(group)
        # Neighbours on the circle are 3 radii apart, and never closer to the centre than 1.6 radii.
        ring = max(1.6 * radius, 1.5 * radius / math.sin(math.pi / len(group)))
        for k, i in enumerate(group):
            angle = -math.pi / 2 + 2 * math.pi * k / len(group)
            out[i] = (mx + ring * math.cos(angle), my + ring * math.sin(angle))
    return out
