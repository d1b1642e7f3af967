"""Synthetic practices for the benchmarks (scripts/bench.py), in the real file format.

Bodies are made from the example practices under `practices/`: for each language
and each template section, the paragraphs and lists the examples have under that
heading are drawn again and lightly perturbed (about one word in eight replaced by
another word of the same language, one in twenty-five by a made-up word joining
two stems), until the section has its share of the target length. So the text has
the character mix, word lengths and Markdown structure (paragraphs, lists, bold,
links) of the real ones, and a vocabulary that keeps growing with N, as a real
collection's does (though more slowly).

Front matter uses every vocabulary of `plugins/goodpractices/data/vocabularies.yml`
and is written like an author would (plain scalars where YAML allows them).
Everything is deterministic for a given seed.
"""

from __future__ import annotations

import itertools
import random
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

LANGS = ("en", "pl", "cs", "sl", "nb")
ORIGINAL_WEIGHTS = {"pl": 0.35, "cs": 0.20, "sl": 0.15, "nb": 0.15, "en": 0.15}
EN_TRANSLATION = 0.9
"""Share of practices written in another language that also have an English version."""
OTHER_TRANSLATION = 0.27
"""Chance of each further language version: with the above, ~2.6 versions per practice."""

PLACES: dict[str, list[str]] = {
    "PL": ["Kraków", "Łódź", "Gdańsk", "Wrocław", "Świętochłowice", "Zielona Góra", "Bielsko-Biała", "Nowy Sącz", "Żyrardów", "Płock", "Tychy", "Końskie", "Łomża", "Sokółka", "Ełk", "Gniezno", "Złotoryja", "Świdnica"],
    "CZ": ["Brno", "Ostrava", "Olomouc", "Jihlava", "Zlín", "Český Krumlov", "Třebíč", "Kroměříž", "Písek", "Děčín", "Havířov", "Uherské Hradiště", "Žďár nad Sázavou", "Příbram"],
    "SI": ["Ljubljana", "Maribor", "Celje", "Kranj", "Koper", "Novo mesto", "Velenje", "Ptuj", "Murska Sobota", "Škofja Loka", "Slovenj Gradec", "Žalec", "Ruše"],
    "NO": ["Ski", "Bodø", "Tromsø", "Drammen", "Ålesund", "Hamar", "Lillehammer", "Sandnes", "Bærum", "Molde", "Gjøvik", "Steinkjer", "Førde"],
    "IE": ["Galway", "Cork", "Limerick", "Sligo"],
    "GB": ["Leeds", "Bristol", "Cardiff", "Dundee"],
    "MT": ["Birkirkara", "Mosta", "Żebbuġ"],
    "EE": ["Tartu", "Pärnu", "Võru"],
    "LT": ["Kaunas", "Šiauliai", "Panevėžys"],
    "SK": ["Žilina", "Košice", "Banská Bystrica"],
    "HR": ["Split", "Osijek", "Čakovec"],
    "PT": ["Braga", "Évora", "Guimarães"],
}
REGIONS: dict[str, list[str]] = {
    "PL": ["województwo małopolskie", "województwo śląskie", "województwo łódzkie", "województwo pomorskie", "województwo dolnośląskie", "województwo lubuskie", "województwo podlaskie", "województwo mazowieckie"],
    "CZ": ["Jihomoravský kraj", "Moravskoslezský kraj", "Olomoucký kraj", "Kraj Vysočina", "Zlínský kraj", "Jihočeský kraj", "Ústecký kraj"],
    "SI": ["Osrednjeslovenska", "Podravska", "Savinjska", "Gorenjska", "Obalno-kraška", "Jugovzhodna Slovenija", "Pomurska"],
    "NO": ["Akershus", "Nordland", "Troms", "Buskerud", "Møre og Romsdal", "Innlandet", "Rogaland", "Trøndelag", "Vestland"],
    "IE": ["Connacht", "Munster"],
    "GB": ["Yorkshire", "South West England", "Wales", "Scotland"],
    "MT": ["Central Region", "Northern Region"],
    "EE": ["Tartu County", "Pärnu County"],
    "LT": ["Kaunas County", "Šiauliai County"],
    "SK": ["Žilina Region", "Košice Region"],
    "HR": ["Split-Dalmatia", "Osijek-Baranja"],
    "PT": ["Norte", "Alentejo"],
}
BBOX = {  # (lat_min, lat_max, lon_min, lon_max), roughly
    "PL": (49.5, 54.5, 14.5, 23.5), "CZ": (48.7, 50.9, 12.5, 18.5), "SI": (45.5, 46.8, 13.5, 16.4), "NO": (58.1, 70.5, 5.2, 30.0),
    "IE": (51.5, 55.3, -10.3, -6.1), "GB": (50.1, 58.5, -5.5, 1.7), "MT": (35.8, 36.0, 14.2, 14.5), "EE": (57.6, 59.6, 22.0, 28.0),
    "LT": (54.0, 56.4, 21.0, 26.7), "SK": (47.8, 49.5, 17.0, 22.5), "HR": (42.5, 46.5, 13.6, 19.4), "PT": (37.0, 42.1, -9.4, -6.3),
}
CURRENCY = {"PL": "PLN", "CZ": "CZK", "NO": "NOK", "GB": "GBP"}
COUNTRY_OF = {"pl": ["PL"], "cs": ["CZ"], "sl": ["SI"], "nb": ["NO"], "en": ["IE", "GB", "MT", "EE", "LT", "SK", "HR", "PT"]}
ORG_NAME = {
    "en": "{place} City Council",
    "pl": "Urząd Miasta {place}",
    "cs": "Město {place}",
    "sl": "Občina {place}",
    "nb": "{place} kommune",
}
TITLES = {
    "en": ["{topic} in {place}", "{place}: {topic_l} across {n} schools", "{topic} and {topic2_l} in {place}"],
    "pl": ["{topic} w gminie {place}", "{place}: {topic_l} w {n} szkołach", "{topic} i {topic2_l} – {place}"],
    "cs": ["{topic} v obci {place}", "{place}: {topic_l} v {n} školách", "{topic} a {topic2_l} – {place}"],
    "sl": ["{topic} v občini {place}", "{place}: {topic_l} v {n} šolah", "{topic} in {topic2_l} – {place}"],
    "nb": ["{topic} i {place} kommune", "{place}: {topic_l} i {n} skoler", "{topic} og {topic2_l} i {place}"],
}

_WORD = re.compile(r"[^\W\d_]{3,}")
_NUMBER = re.compile(r"\b\d{2,}\b")
_RELATIVE_LINK = re.compile(r"\[([^\]]+)\]\((?!https?://|mailto:)[^)]*\)")
_MARKUP = re.compile(r"[*_`#>\[\]]|\]\([^)]*\)")


@dataclass
class Corpus:
    """Per language: blocks of text by section key, all blocks, and the words used."""

    blocks: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    all_blocks: dict[str, list[str]] = field(default_factory=dict)
    words: dict[str, list[str]] = field(default_factory=dict)
    sentences: dict[str, list[str]] = field(default_factory=dict)


def _normalise(text: str) -> str:
    return " ".join(text.replace("*", "").replace("_", " ").rstrip(":").split()).casefold()


def load_corpus(vocab, practices_dir: Path = ROOT / "practices") -> Corpus:  # type: ignore[no-untyped-def]
    """Blocks of the example practices, by language and section."""
    from goodpractices.frontmatter import read_source
    from goodpractices.loader import section_headings

    sections = vocab["section"]
    corpus = Corpus()
    for path in sorted(practices_dir.glob("*/*.md")):
        lang = path.stem
        if lang not in LANGS:
            continue
        source, _ = read_source(path)
        if source is None:
            continue
        by_heading = {_normalise(sections.label(key, lang)): key for key in sections.values}
        lines = source.body.split("\n")
        heads = [*section_headings(source.body), (len(lines), "")]
        for (start, text), (end, _) in itertools.pairwise(heads):
            key = by_heading.get(_normalise(text), "other")
            chunk = "\n".join(lines[start + 1 : end])
            chunk = _RELATIVE_LINK.sub(r"\1", chunk)
            for paragraph in re.split(r"\n\s*\n", chunk):
                block = paragraph.strip("\n")
                if not block.strip() or block.lstrip().startswith("#") or block.lstrip().startswith("|"):
                    continue  # no headings (the template's are added) and no tables (kept simple)
                corpus.blocks.setdefault(lang, {}).setdefault(key, []).append(block)
                corpus.all_blocks.setdefault(lang, []).append(block)
        plain = _MARKUP.sub(" ", source.body)
        corpus.words.setdefault(lang, []).extend(w for w in _WORD.findall(plain))
    for lang, blocks in corpus.all_blocks.items():
        for block in blocks:
            if block.lstrip()[:1] in "-*0123456789":
                continue  # lists make poor summaries
            text = " ".join(_MARKUP.sub("", block).split())
            for sentence in re.split(r"(?<=[.!?])\s+", text):
                if 40 <= len(sentence) <= 280:
                    corpus.sentences.setdefault(lang, []).append(sentence)
    missing = [lang for lang in LANGS if lang not in corpus.all_blocks]
    if missing:
        raise SystemExit(f"bench: the example practices have no text in {', '.join(missing)}; cannot generate bodies")
    return corpus


class Generator:
    def __init__(self, vocab, seed: int = 1, body_words: int = 900, corpus_dir: Path = ROOT / "practices") -> None:  # type: ignore[no-untyped-def]
        self.vocab = vocab
        self.corpus = load_corpus(vocab, corpus_dir)
        self.rng = random.Random(seed)
        self.body_words = body_words
        self.sections = vocab["section"].values
        self.avg_block = {lang: sum(len(b.split()) for b in blocks) / len(blocks) for lang, blocks in self.corpus.all_blocks.items()}

    # -- text ----------------------------------------------------------------

    def _perturb(self, block: str, lang: str) -> str:
        rng, words = self.rng, self.corpus.words[lang]

        def word(m: re.Match[str]) -> str:
            w = m.group(0)
            r = rng.random()
            if r < 0.12:
                new = rng.choice(words)
            elif r < 0.16:
                a, b = rng.choice(words), rng.choice(words)
                new = a[: max(3, len(a) // 2)] + b[len(b) // 2 :]
            else:
                return w
            return new[:1].upper() + new[1:] if w[:1].isupper() else new.lower()

        def number(m: re.Match[str]) -> str:
            text = m.group(0)
            if len(text) == 4 and text.startswith(("19", "20")):
                return str(rng.randint(2005, 2025))
            return str(rng.randint(10 ** (len(text) - 1), 10 ** len(text) - 1))

        return _NUMBER.sub(number, _WORD.sub(word, block))

    def body(self, lang: str) -> str:
        labels = self.vocab["section"]
        per_section = max(1, self.body_words // len(self.sections))
        parts = []
        for key in self.sections:
            pool = self.corpus.blocks[lang].get(key) or self.corpus.all_blocks[lang]
            parts.append(f"## {labels.label(key, lang)}\n")
            count = 0
            order = self.rng.sample(pool, len(pool))
            i = 0
            # Stop when the next block would overshoot by more than it undershoots.
            while count == 0 or count + self.avg_block[lang] / 2 < per_section:
                block = order[i % len(order)] if i < len(order) else self.rng.choice(self.corpus.all_blocks[lang])
                i += 1
                text = self._perturb(block, lang)
                parts.append(text + "\n")
                count += len(text.split())
        return "\n".join(parts)

    def sentence(self, lang: str, limit: int) -> str:
        text = self._perturb(self.rng.choice(self.corpus.sentences[lang]), lang)
        return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"

    def distinct(self, lang: str, n: int, limit: int) -> list[str]:
        """n different sentences (lists of results may not repeat a value)."""
        out: list[str] = []
        while len(out) < n:
            text = self.sentence(lang, limit)
            if text not in out:
                out.append(text)
        return out

    def summary(self, lang: str) -> str:
        out = self.sentence(lang, 280)
        while len(out) < 200:
            nxt = self.sentence(lang, 280)
            if len(out) + 1 + len(nxt) > 480:
                break
            out += " " + nxt
        return out

    def title(self, lang: str, place: str, topics: list[str], n_schools: int, variant: int) -> str:
        t = self.vocab["topic"]
        topic = t.label(topics[0], lang)
        topic2 = t.label(topics[1 % len(topics)], lang)
        template = TITLES[lang][variant % len(TITLES[lang])]
        return template.format(place=place, topic=topic, topic_l=topic[:1].lower() + topic[1:], topic2_l=topic2[:1].lower() + topic2[1:], n=n_schools)

    # -- practices -------------------------------------------------------------

    def practice(self, i: int, earlier: list[str], languages: tuple[str, ...] = LANGS) -> tuple[str, dict[str, str]]:
        """(slug, {lang: file text}) of practice number i."""
        rng, v = self.rng, self.vocab
        # Where the practice comes from; a site in fewer languages gets it in its first language.
        origin = rng.choices(list(ORIGINAL_WEIGHTS), list(ORIGINAL_WEIGHTS.values()))[0]
        original = origin if origin in languages else languages[0]
        langs = [original]
        for lang in languages:
            if lang == original:
                continue
            p = EN_TRANSLATION if lang == "en" else OTHER_TRANSLATION
            if rng.random() < p:
                langs.append(lang)
        country = rng.choice(COUNTRY_OF[origin])
        place = rng.choice(PLACES[country])
        topic_values = v["topic"].values
        topics = rng.sample(topic_values, rng.choices([1, 2, 3, 4], [2, 4, 3, 1])[0])
        slug = f"{_slugify(place)}-{topics[0]}-{i:05d}"
        n_schools = rng.randint(2, 45)
        variant = rng.randrange(3)

        published_year = rng.randint(2015, 2025)
        published = f"{published_year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        start_year = rng.randint(max(2005, published_year - 8), published_year)
        start_month = rng.randint(1, 12)
        start = f"{start_year}-{start_month:02d}" if rng.random() < 0.7 else str(start_year)
        if rng.random() < 0.4:
            end = "ongoing"
        else:
            end_year = rng.randint(start_year + 1, published_year + 1)
            end = f"{end_year}-{rng.randint(1, 12):02d}" if rng.random() < 0.7 else str(end_year)

        meta: dict[str, object] = {
            "title": self.title(original, place, topics, n_schools, variant),
            "summary": self.summary(original),
        }
        if rng.random() < 0.7:
            meta["results"] = self.distinct(original, rng.randint(1, 3), 250)
        meta["category"] = rng.choice(v["category"].values)
        meta["country"] = country
        if rng.random() < 0.8:
            meta["region"] = rng.choice(REGIONS[country])
        if rng.random() < 0.9:
            meta["municipality"] = place
        meta["topics"] = topics
        if rng.random() < 0.6:
            meta["tags"] = sorted({w.lower() for w in rng.sample(self.corpus.words[original], rng.randint(1, 3))})
        meta["organisation"] = {"name": ORG_NAME[original].format(place=place), "type": rng.choice(v["organisation_type"].values)}
        if rng.random() < 0.3:
            meta["organisation"]["website"] = f"https://{_slugify(place)}.example.org/"  # type: ignore[index]
        meta["level_of_government"] = rng.choice(v["level_of_government"].values)
        meta["education_levels"] = rng.sample(v["education_level"].values, rng.choices([1, 2, 3], [5, 3, 1])[0])
        meta["period"] = {"start": start, "end": end}
        meta["stage"] = rng.choice(v["stage"].values)
        meta["contact"] = {"name": f"{ORG_NAME[original].format(place=place)} (synthetic)", "role": self.sentence(original, 60), "email": f"education{i}@example.org"}
        meta["published"] = published
        meta["licence"] = rng.choices(v["licence"].values, [8, 1, 1])[0]
        if rng.random() < 0.5:
            meta["funding"] = self.sentence(original, 200)
        if rng.random() < 0.3:
            meta["cost"] = {"amount": rng.randint(1, 500) * 1000, "currency": CURRENCY.get(country, "EUR"), "note": self.sentence(original, 150)}
        if rng.random() < 0.4:
            meta["partners"] = [
                {"name": f"{rng.choice(PLACES[country])} {rng.choice(self.corpus.words[original])}", "type": rng.choice(v["organisation_type"].values)}
                for _ in range(rng.randint(1, 3))
            ]
        if rng.random() < 0.3:
            meta["links"] = [{"url": f"https://example.org/{slug}", "title": self.sentence(original, 80), "kind": rng.choice(v["link_kind"].values)}]
        if rng.random() < 0.7:
            lat0, lat1, lon0, lon1 = BBOX[country]
            meta["coordinates"] = {"lat": round(rng.uniform(lat0, lat1), 4), "lon": round(rng.uniform(lon0, lon1), 4)}
        if earlier and rng.random() < 0.15:
            meta["related"] = rng.sample(earlier, min(len(earlier), rng.randint(1, 2)))

        files = {original: _document(meta, self.body(original))}
        for lang in langs[1:]:
            tmeta: dict[str, object] = {"title": self.title(lang, place, topics, n_schools, variant), "summary": self.summary(lang)}
            if "results" in meta and rng.random() < 0.8:
                tmeta["results"] = self.distinct(lang, len(meta["results"]), 250)  # type: ignore[arg-type]
            files[lang] = _document(tmeta, self.body(lang))
        return slug, files


class _PlainDumper(yaml.SafeDumper):
    """Writes every scalar plain when YAML allows it, as authors do (`published: 2024-05-01`, `country: NO`)."""


_PlainDumper.yaml_implicit_resolvers = {}


def _stringify(value: object) -> object:
    if isinstance(value, dict):
        return {k: _stringify(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stringify(v) for v in value]
    return str(value)


def _document(meta: dict[str, object], body: str) -> str:
    front = yaml.dump(_stringify(meta), Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)
    return f"---\n{front}---\n\n{body}"


def _slugify(text: str) -> str:
    text = text.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("æ", "ae").replace("å", "a").replace("đ", "d")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "place"


@dataclass
class Generated:
    practices: int
    versions: int
    by_language: dict[str, int]
    originals: dict[str, int]
    words: int
    bytes: int
    files: list[Path]


def generate(  # type: ignore[no-untyped-def]
    root: Path, n: int, vocab, *, seed: int = 1, body_words: int = 900, languages: tuple[str, ...] = LANGS, corpus_dir: Path = ROOT / "practices"
) -> Generated:
    """Write n practices under `root` (created); return what was written."""
    gen = Generator(vocab, seed=seed, body_words=body_words, corpus_dir=corpus_dir)
    root.mkdir(parents=True, exist_ok=True)
    slugs: list[str] = []
    by_language = {lang: 0 for lang in languages}
    originals = {lang: 0 for lang in languages}
    words = size = 0
    files: list[Path] = []
    for i in range(n):
        slug, docs = gen.practice(i, slugs, languages)
        folder = root / slug
        folder.mkdir(exist_ok=True)
        originals[next(iter(docs))] += 1
        for lang, text in docs.items():
            path = folder / f"{lang}.md"
            data = text.encode("utf-8")
            path.write_bytes(data)
            files.append(path)
            by_language[lang] += 1
            size += len(data)
            words += len(text.split("\n---\n", 1)[-1].split())
        slugs.append(slug)
    return Generated(n, len(files), by_language, originals, words, size, files)
