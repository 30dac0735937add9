"""From a source text to candidate facts, each with the shortest verbatim quote that states it.

Offline and deterministic: regular expressions over sentences and tables, the qualifier table of
``generator.wording``, and the entities and metrics of the data for guesses. A curator decides;
every open question is said, never answered by a guess.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from ..grammar import CURRENCY_BEFORE, SCALE_WORDS, SCALES, digits_value
from ..store import FactStore
from ..texttable import find_text_tables
from ..wording import FUTURE_WORDS, hedge_before
from .context import compared_with_previous, counted_back, is_change, is_furniture, per_unit, relative_year
from .figures import CONTEXT, Span, number_spans, sentences

_YEAR = re.compile(r"(?<![\d.$])(?<!\d,)(?:FY\s?|fiscal(?: year)?\s)?(19[5-9]\d|20\d\d|2100)(?!\d|,\d)", re.I)
_FUTURE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, FUTURE_WORDS), key=len, reverse=True)) +
                     r"|will|would reach|is set to|are set to|plans?|planned|forecast(?:s|ed)?)\b", re.I)
_CLAUSE_START = re.compile(r"(?:[;:]\s|,\s(?=(?:and|but|while|whereas|with|which|as|compared|up|down|an?)\b)|\s[–—-]\s)")
# What a figure counts may follow it after 'in' ('CNY704.2 billion in revenue', 'US$560 million in royalties'):
# those words stay in the quote; 'in 2023' or 'in China' ends it.
_WHAT_MONEY_IS = r"(?:revenues?|sales|royalt(?:y|ies)|licensing|licen[cs]e fees|fees|R&D|research|profits?|income|" \
                 r"investment|spending|funding|expenditure)\b"
_STOP_AFTER = re.compile(r"[,;:.!?)\]”\"](?:\s|$)|\s(?:and|while|but|compared|from|up|down|which|with|as|"
                         rf"in(?!\s+{_WHAT_MONEY_IS})|by|according|to|than|for|of|over|on(?!\s+{_WHAT_MONEY_IS})|at)\s|"
                         r"[,;:.!?)\]”\"]$")


@dataclass
class Candidate:
    value: float | int | None
    unit: str
    qualifier: str
    period: str | None
    period_basis: str  # stated year, relative to publication ('last year'), fiscal year, table column, or unknown
    entity: str | None
    metric: str | None
    known_fact: str | None
    confidence: float
    quote: str
    stated: str  # the figure as the text writes it
    bounds: list[float] | None = None  # a range's low and high
    questions: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _clean_value(value: float) -> float | int:
    if math.isfinite(value) and float(value).is_integer() and abs(value) < 1e18:
        return int(value)
    return round(value, 6)


def _qualifier(text: str, sentence_start: int, span: Span) -> str:
    """From the shared wording table: a future word in the clause, else the hedge just before the figure."""
    before = text[max(sentence_start, span.start - CONTEXT):span.start]
    hedge = hedge_before(before + " ", len(before) + 1) if before else None
    if not hedge and re.search(r"\b(?:nearly|almost|roughly|about|around)\s*$", before.rstrip().lower()):
        hedge = "approximately"  # 'nearly doubled': the multiple is the figure
    clause_end = re.search(r"[.;!?]", text[span.end:span.end + 120])
    clause = text[max(sentence_start, span.start - CONTEXT):span.end + (clause_end.start() if clause_end else 60)]
    future = _FUTURE.search(clause)
    if future:
        word = future.group(1).lower()
        return "target" if FUTURE_WORDS.get(word) == "target" or word.startswith("plan") else "projection"
    return hedge or "exact"


@dataclass
class Sentence:
    """A sentence's bounds and what every figure in it reads from it, found once (not once per figure)."""

    start: int
    end: int
    years: list[tuple[int, str, str]]  # position, year, as written ('FY2023')
    lowered: str

    @classmethod
    def of(cls, text: str, bounds: tuple[int, int]) -> Sentence:
        s, e = bounds
        part = text[s:e]
        return cls(s, e, [(m.start() + s, m.group(1), m.group()) for m in _YEAR.finditer(part)], part.lower())


def _period(sentence: Sentence, span: Span, published: dt.date | None,
            previous: tuple[str, str] | None) -> tuple[str | None, str]:
    positions = [y[0] for y in sentence.years]
    here = bisect.bisect_left(positions, span.start)
    # The nearest year outside the figure: the closest one before it, or after it.
    near = [y for y in sentence.years[max(0, here - 2):here + 3] if not (span.start <= y[0] < span.end)]
    if not near:
        near = [y for y in sentence.years if not (span.start <= y[0] < span.end)]
    if near:
        nearest = min(near, key=lambda y: abs(y[0] - span.start))
        basis = "fiscal year" if re.match(r"(?:FY|fiscal)", nearest[2], re.I) else "stated year"
        return nearest[1], basis
    lowered = sentence.lowered
    relative = relative_year(lowered, published)
    if relative:
        return relative
    if published is None and any(p in lowered for p in ("last year", "this year", "previous year", "next year")):
        return None, "relative ('last year' …) but the publication date is unknown: pass --published"
    if previous:
        return previous
    return None, "unknown"


MAX_TEXT_BYTES = 5_000_000  # a 190-page annual report's text is about 1 MB; time grows in step with the text
QUOTE_REACH = 400  # characters before a figure where its clause may start


def shortest_quote(text: str, sentence: tuple[int, int], span: Span) -> tuple[int, int]:
    """The clause around the figure: back to the clause's start, on to the end of what it counts."""
    s, e = sentence
    reach = max(s, span.start - QUOTE_REACH)  # in a sentence of thousands of characters, the clause is near the figure
    if reach > s:
        reach = text.find(" ", reach, span.start) + 1 or reach
    starts = [reach] + [m.end() for m in _CLAUSE_START.finditer(text, reach, span.start)]
    start = starts[-1]
    # The subject: keep the words after the number up to the noun phrase's end.
    tail = text[span.end:min(e, span.end + 200)]  # past 80 characters the quote is cut at a word anyway
    stop = _STOP_AFTER.search(tail)
    end = span.end + (stop.start() if stop else len(tail))
    if end - span.end > 80:
        end = span.end + len(tail[:80].rsplit(" ", 1)[0])
    # A clause that is only the number and its unit ('up 9.1 percent'): widen it by the clause before.
    while len(re.findall(r"[A-Za-z]{3,}", text[start:end])) < 3 and len(starts) > 1:
        starts.pop()
        start = starts[-1]
    while start < end and text[start] in " \t\n,;:-–—\"“”'‘’(":
        start += 1
    while end > start and text[end - 1] in " \t\n,;:-–—(\"“":
        end -= 1
    return start, end


def _tokens(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9&]+", text.lower())
    stems = {w[:-3] + "y" if w.endswith("ies") and len(w) > 4 else w[:-1] if w.endswith("s") and len(w) > 3 else w
             for w in words}  # 'royalties' and 'royalty', 'patents' and 'patent' are one word
    return stems - {"the", "of", "in", "and", "a", "an", "to", "for", "by", "its", "on", "at", "from", "with", "as",
                    "year", "that", "this", "was", "were", "is", "are", "has", "have", "had", "be", "it", "per"}


class Guesser:
    """Entities and metrics of the data, for guesses by name and by words."""

    def __init__(self, store: FactStore | None):
        self.store = store
        self._named_in: str | None = None
        self._ends: list[int] = []
        self._latest: list[tuple[int, int, str]] = []
        self._by_unit: dict[str, list[tuple[float, int, Any]]] | None = None
        self.entities: list[tuple[str, list[str]]] = []
        # Each metric: id, unit, its names' words (the label with the id, then each synonym), its description's.
        self.metrics: list[tuple[str, str, list[set[str]], set[str]]] = []
        if store is None:
            return
        for entity in store.entities.values():
            names = {entity.name, entity.name.split(" (")[0]}
            short = re.search(r"\(([A-Z][A-Za-z]+)\)", entity.name)
            if short:
                names.add(short.group(1))
            self.entities.append((entity.id, sorted(names, key=len, reverse=True)))
        for metric in store.metrics.values():
            names = [_tokens(metric.label + " " + metric.id.replace("-", " "))]
            names += [_tokens(synonym) for synonym in metric.synonyms]
            self.metrics.append((metric.id, metric.unit, [n for n in names if n], _tokens(metric.description)))

    def entity(self, text: str, position: int, paragraph_start: int) -> str | None:
        """The entity named last before ``position`` in its paragraph (every name found once per text)."""
        if self._named_in is not text:
            found = sorted((match.end(), match.start(), entity_id)
                           for entity_id, names in self.entities for name in names
                           for match in re.finditer(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![a-z0-9])", text))
            self._ends = [end for end, _, _ in found]
            self._latest = []  # by end: the match that starts last among those ending so far
            for item in found:
                self._latest.append(item if not self._latest or item[1] > self._latest[-1][1] else self._latest[-1])
            self._named_in = text
        count = bisect.bisect_right(self._ends, position)
        if not count or self._latest[count - 1][1] < paragraph_start:
            return None
        return self._latest[count - 1][2]

    def metric(self, words: str, unit: str) -> tuple[str | None, float]:
        tokens = _tokens(words)
        scored = []
        for metric_id, metric_unit, names, description in self.metrics:
            if not _units_fit(unit, metric_unit):
                continue
            # The name (label or synonym) the words share most with; its words count most, then the description's.
            named, label = max(((len(tokens & name), name) for name in names), key=lambda pair: (pair[0], -len(pair[1])))
            score = named + 0.5 * len(tokens & (description - label)) + 0.5 * named / len(label)
            if named:
                scored.append((score, named / len(label), metric_id))
        if not scored:
            return None, 0.0
        score, share, metric_id = max(scored)
        return (metric_id, score) if score >= 1.5 or share >= 0.5 else (None, 0.0)

    def growth_of(self, metric: str | None) -> str | None:
        """The metric of a measure's change ('licensing-revenue' → 'licensing-revenue-growth'), if the data has one."""
        grown = f"{metric}-growth" if metric and not metric.endswith("-growth") else metric
        return grown if self.store is not None and grown in self.store.metrics else None

    def known_fact(self, value: float, unit: str, source: str | None) -> str | None:
        """The first fact of the data (in its order) in this unit within 0.5 % of the value, cited from ``source``
        when one is given; facts are looked up by value, not read one by one for every figure."""
        if self.store is None or value is None:
            return None
        if self._by_unit is None:
            self._by_unit = {}
            for order, fact in enumerate(self.store.facts.values()):
                self._by_unit.setdefault(self.store.metrics[fact.metric].unit, []).append((fact.value, order, fact))
            for facts in self._by_unit.values():
                facts.sort(key=lambda item: (item[0], item[1]))
        if unit == "times":  # '3 times' is stored as 300 percent
            unit, value = "percent", value * 100
        facts = self._by_unit.get(unit, [])
        low = bisect.bisect_left(facts, value - abs(value) * 0.01, key=lambda item: item[0])
        high = bisect.bisect_right(facts, value + abs(value) * 0.01, key=lambda item: item[0])
        matches = [(order, fact) for fact_value, order, fact in facts[low:high]
                   if math.isclose(fact_value, value, rel_tol=0.005)
                   and (source is None or any(c.source == source for c in fact.citations))]
        return min(matches, key=lambda item: item[0])[1].id if matches else None


def _units_fit(unit: str, metric_unit: str) -> bool:
    return unit == metric_unit or (unit == "times" and metric_unit == "percent")


def suggest(text: str, *, published: dt.date | None = None, store: FactStore | None = None,
            source: str | None = None) -> list[Candidate]:
    """Every figure the text states, as a candidate fact with its quote and open questions."""
    text = re.sub(r"\\(?=[^\w\s])", "", text)  # Markdown escapes ('US\\$630'); the quote check ignores them too
    guess = Guesser(store)
    candidates: list[Candidate] = []
    paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n\s*\n|\n(?=\S)", text)]
    tables = _table_candidates(text, guess, source)
    in_table = [(s, e) for s, e, _ in tables] + _text_table_spans(text)
    candidates.extend(c for _, _, c in tables)
    previous: tuple[str, str] | None = None  # the year an earlier sentence of the paragraph stated, and how
    last_paragraph = -1
    for sentence in sentences(text):
        s, e = sentence
        if any(a <= s < b for a, b in in_table):
            continue
        paragraph = paragraph_starts[bisect.bisect_right(paragraph_starts, s) - 1]
        if paragraph != last_paragraph:
            previous, last_paragraph = None, paragraph
        line = text[text.rfind("\n", 0, s) + 1:(text.find("\n", s) + 1 or len(text) + 1) - 1]
        if re.match(r"\s*(?:photo|pictured|picture|image|caption)\b", text[s:e], re.I) or is_furniture(line):
            continue
        spans = number_spans(text[s:e], s)
        spans = _pair_ranges(text, spans)
        read = Sentence.of(text, sentence)
        earlier: Candidate | None = None
        for span in spans:
            earlier = _candidate(text, read, span, published, previous, guess, paragraph, source, earlier)
            candidates.append(earlier)
        if read.years:
            previous = (read.years[-1][1], "a year stated earlier in the paragraph")
        elif relative := relative_year(read.lowered, published):
            previous = (relative[0], relative[1] + ", in an earlier sentence")
    return _dedupe(candidates)


def _text_table_spans(text: str) -> list[tuple[int, int]]:
    """Where the text holds tables of rows of figures under a heading (``texttable``): their cells are cited as
    cells of a table source, not quoted, so suggest proposes none of them (the command says how to cite them)."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return [(starts[spot.first - 1], starts[spot.last] if spot.last < len(starts) else len(text))
            for spot in find_text_tables(text)]


def _pair_ranges(text: str, spans: list[Span]) -> list[Span]:
    """'between US$500 million and US$600 million', '5-7%', '20 to 30 million': one figure with both ends.

    'from X to Y' is a change, and 'fell 12.3% to ¥8.1 billion' two figures: neither is a range."""
    for first, second in zip(spans, spans[1:]):
        between = text[first.end:second.start]
        opener = text[max(0, first.start - 14):first.start].lower()
        joined = re.fullmatch(r"\s*(?:and|to|-|–|—)\s*", between)
        if not joined or not first.stated or "from" in opener or ("and" in between and "between" not in opener):
            continue
        if first.unit == "count" and second.unit != "count":  # '500 to 600 million dollars': the unit is written once
            first.unit = second.unit
        if first.unit != second.unit:
            continue
        short = not re.search(SCALE_WORDS, text[first.start:first.end], re.I)
        if short and second.value and abs(first.value) < abs(second.value) / 100:  # '20 to 30 million'
            first.value *= 10 ** round(math.log10(abs(second.value) / max(abs(first.value), 1e-12)))
        if first.value > second.value:
            continue
        first.high, first.end = second.value, second.end
        first.stated = text[first.start:second.end]
        second.stated = ""  # merged into the first
    return [span for span in spans if span.stated]


def _candidate(text: str, sentence: Sentence, span: Span, published: dt.date | None,
               previous: tuple[str, str] | None, guess: Guesser, paragraph: int, source: str | None,
               earlier: Candidate | None = None) -> Candidate:
    s = sentence.start
    start, end = shortest_quote(text, (sentence.start, sentence.end), span)
    quote = " ".join(text[start:end].split())
    qualifier = _qualifier(text, s, span)
    period, basis = _period(sentence, span, published, previous)
    before, after = text[max(s, span.start - 80):span.start], text[span.end:min(sentence.end, span.end + 80)]
    if period and basis == "stated year" and counted_back(after):  # 'about 100,000 the year before'
        period, basis = str(int(period) - 1), f"'the year before' {period}"
    entity = guess.entity(text, span.start, paragraph)
    # The words around the quote name the metric too ('… 20.8% of its revenue'), within the sentence.
    metric, score = guess.metric(text[max(s, start - 30):min(sentence.end, end + 30)], span.unit)
    questions = []
    if earlier is not None and compared_with_previous(before):  # '…, up from about 100,000': the same measure
        entity, metric, score = earlier.entity or entity, earlier.metric, 2.0
    unit = per_unit(after)
    if unit:
        metric = None
        questions.append(f"an amount per {unit}, not a total: the site's metrics hold totals")
    elif span.unit == "percent" and is_change(before, after):
        growth = guess.growth_of(metric) or (guess.growth_of(earlier.metric) if earlier else None)
        questions.append("a change ('up …'), not a level or a share: " + (
            f"recorded under '{growth}'" if growth else "record it under a growth metric, or leave it"))
        metric, score = growth, (score if growth else 0.0)
    if entity is None:
        questions.append("which entity? none of data/entities.yaml is named before it")
    if metric is None and not unit:
        questions.append(f"which metric? none of data/metrics.yaml in {span.unit} matches its words")
    elif score < 2:
        questions.append(f"metric '{metric}' is a guess from a few shared words; check it")
    if period is None:
        questions.append(f"which period? {basis}")
    elif basis != "stated year":
        questions.append(f"period {period} from {basis}; check it")
    if span.unit not in ("count", "percent") and not re.fullmatch(r"[A-Z]{3}", span.unit):
        questions.append(f"unit '{span.unit}' is not a unit of data/metrics.yaml; convert it or add a metric")
    known = guess.known_fact(span.value, span.unit, source)
    confidence = 0.4 + 0.15 * (entity is not None) + 0.15 * (metric is not None) + 0.2 * (basis == "stated year") \
        + 0.1 * (span.unit != "count")
    candidate = Candidate(_clean_value(span.value), span.unit, qualifier, period, basis, entity, metric, known,
                          round(min(confidence, 0.99), 2), quote, span.stated, questions=questions)
    if span.high is not None:
        candidate.bounds = [_clean_value(span.value), _clean_value(span.high)]
        questions.append(f"a range from {candidate.bounds[0]:,} to {candidate.bounds[1]:,}: record the low end as "
                         "at_least and the high end as at_most, or both")
    return candidate


def _dedupe(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per figure and quote."""
    merged: list[Candidate] = []
    seen: set[tuple[str, Any, str]] = set()
    for candidate in candidates:
        key = (candidate.quote, candidate.value, candidate.unit)
        if key not in seen:
            seen.add(key)
            merged.append(candidate)
    return merged


_TABLE_ROW = re.compile(r"^\s*\|?(.+\|.+)\|?\s*$")


def _table_candidates(text: str, guess: Guesser, source: str | None) -> list[tuple[int, int, Candidate]]:
    """Figures in pipe tables: a header row of years gives each column's period; a row's label its metric."""
    found = []
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    i = 0
    while i < len(lines):
        if not _TABLE_ROW.match(lines[i]) or lines[i].count("|") < 2:
            i += 1
            continue
        j = i
        while j < len(lines) and _TABLE_ROW.match(lines[j]) and lines[j].count("|") >= 2:
            j += 1
        rows = [[c.strip() for c in lines[k].strip().strip("|").split("|")] for k in range(i, j)]
        caption = " ".join(lines[max(0, i - 2):i]) + " " + " | ".join(rows[0])
        scale = next((SCALES[w.lower()] for w in re.findall(r"\b(thousand|million|billion|trillion|bn|mn)\b", caption,
                                                                re.I)), 1)
        currency = next((code for mark, code in CURRENCY_BEFORE if mark in caption.lower() and len(mark) > 1), None)
        if currency is None and re.search(r"\byuan\b", caption, re.I):
            currency = "CNY"
        percent_table = "%" in rows[0][0] or "percent" in caption.lower()
        header = rows[0]
        years = [m.group(0) if (m := re.fullmatch(r"(?:FY\s?)?((?:19|20)\d\d)", cell)) else None for cell in header]
        for k, row in enumerate(rows[1:], start=i + 1):
            if all(re.fullmatch(r":?-{2,}:?", c) for c in row if c):
                continue
            label = row[0]
            for col, cell in enumerate(row[1:], start=1):
                number = re.fullmatch(r"([-−]?)\s?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?(%?)", cell)
                if not number:
                    continue
                value = digits_value(number.group(2)) * (-1 if number.group(1) else 1)
                unit = "percent" if number.group(3) or "%" in label or percent_table else currency or "count"
                if unit != "percent":
                    value *= scale
                period = years[col][-4:] if col < len(years) and years[col] else None
                metric, _ = guess.metric(label + " " + caption, unit)
                questions = [f"from a table: row '{label}', column '{header[col] if col < len(header) else col}'"]
                if metric is None:
                    questions.append(f"which metric? none of data/metrics.yaml in {unit} matches '{label}'")
                questions.append("which entity? a table row names none")
                candidate = Candidate(_clean_value(value), unit, "exact", period,
                                      "table column" if period else "unknown", None, metric,
                                      guess.known_fact(value, unit, source), 0.5 + 0.2 * bool(period),
                                      " ".join(lines[k].split()), cell, questions=questions)
                found.append((offsets[i], offsets[j - 1] + len(lines[j - 1]), candidate))
        i = j
    return found



def _yaml_scalar(value: Any) -> str:
    import json

    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return repr(value)
    if re.fullmatch(r"[a-z0-9][a-z0-9-]*|\d{4}(?:-\d{2}){0,2}", str(value)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def to_yaml(candidates: list[Candidate], source: str | None, origin: str) -> str:
    """Entries ready to paste under ``facts:``, each with its open questions as comments."""
    lines = [f"# {len(candidates)} candidate fact(s) from {origin}. Each is a proposal: check it against the text,",
             "# answer its questions, give it an id, and delete what is not a figure.", "facts:"]
    used: dict[str, int] = {}
    for number, c in enumerate(candidates, start=1):
        # An id names what the figure is: without an entity or a metric, the period alone would be a number.
        named = [p for p in (c.entity, c.metric) if p]
        base = "-".join([*named, c.period] if named and c.period else named) or f"candidate-{number}"
        used[base] = used.get(base, 0) + 1
        identifier = base if used[base] == 1 else f"{base}-{used[base]}"
        lines.append("")
        lines.append(f"  # confidence {c.confidence}; as written: {c.stated!r}"
                     + (f"; already in the data as '{c.known_fact}'" if c.known_fact else ""))
        lines.extend(f"  # ? {question}" for question in c.questions)
        lines.append(f"  - id: {identifier}")
        lines.append(f"    entity: {_yaml_scalar(c.entity)}")
        lines.append(f"    metric: {_yaml_scalar(c.metric)}")
        lines.append(f"    period: {_yaml_scalar(c.period)}")
        lines.append(f"    value: {_yaml_scalar(c.value)}" + (f"  # {c.unit}" if c.unit != "count" else ""))
        lines.append(f"    qualifier: {c.qualifier}")
        lines.append("    citations:")
        lines.append(f"      - source: {_yaml_scalar(source)}")
        lines.append(f"        quote: {_yaml_scalar(c.quote)}")
    return "\n".join(lines) + "\n"


def to_json(candidates: list[Candidate]) -> str:
    import json

    return json.dumps([c.as_dict() for c in candidates], ensure_ascii=False, indent=2) + "\n"
