"""(b) Engine throughput on synthetic data: anchoring (the one locator) and marking N notes on M characters."""
from __future__ import annotations

import bisect
import html
import math
import random
import re
import statistics
import time
import tracemalloc
from dataclasses import dataclass
from typing import Any

from marginalia.anchoring.exact import Selector
from marginalia.anchoring.locate import locate_all
from marginalia.rendering.htmlmark import Insertion, Wrap, mark

THROUGHPUT_TARGET_S = 0.5  # 10,000 notes on 1 MB (issue 13)


def _vocabulary(rng: random.Random, size: int = 5000) -> list[str]:
    """Pseudo-words of English-like length (about 6 letters), so that quotes of a few words are
    mostly unique, as editors' quotes are (they must be, to anchor)."""
    syllables = ["ka", "ng", "jun", "yo", "ki", "mi", "ra", "so", "ul", "pe", "ong", "han", "do", "chi", "na",
                 "wa", "te", "ri", "gu", "bo", "se", "lin", "ta", "mo", "e", "a", "o", "i"]
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def synthetic_blocks(chars: int, seed: int, paragraph: int = 900) -> list[str]:
    """Paragraphs of pseudo-words totalling about `chars` characters (blocks joined by "\\n")."""
    rng = random.Random(seed)
    words = _vocabulary(rng)
    blocks: list[str] = []
    total = 0
    while total < chars:
        size = min(paragraph, chars - total)
        parts: list[str] = []
        length = 0
        while length < size:
            word = rng.choice(words)
            parts.append(word)
            length += len(word) + 1
        text = " ".join(parts)[:max(1, size)].rstrip() or "a"
        blocks.append(text)
        total += len(text) + 1
    return blocks


def synthetic_selectors(blocks: list[str], count: int, seed: int) -> list[Selector]:
    """Quotes of 3 to 8 words inside one block, as editors pick them; some overlap or nest."""
    rng = random.Random(seed + 1)
    selectors: list[Selector] = []
    starts_by_block = [[0] + [m.end() for m in re.finditer(" ", b)] for b in blocks]
    while len(selectors) < count:
        index = rng.randrange(len(blocks))
        starts = [*starts_by_block[index], len(blocks[index]) + 1]
        if len(starts) < 5:
            continue
        first = rng.randrange(len(starts) - 4)
        last = min(len(starts) - 1, first + rng.randint(3, 8))
        quote = blocks[index][starts[first]:starts[last] - 1].strip()
        if len(quote) >= 2:
            selectors.append(Selector(quote))
    return selectors


def block_html(text: str) -> str:
    """A block as the essay renders it: escaped text with some inline markup (term links, emphasis)."""
    words = text.split(" ")
    out: list[str] = []
    for index, word in enumerate(words):
        escaped = html.escape(word, quote=False)
        if index % 23 == 7:
            escaped = f'<a class="anno-term" data-term="t{index}" href="../glossary/#term-t{index}">{escaped}</a>'
        elif index % 17 == 3:
            escaped = f"<em>{escaped}</em>"
        out.append(escaped)
    return " ".join(out)


def anchor_and_mark(blocks: list[str], selectors: list[Selector]) -> tuple[int, float, float]:
    """What the build does per text: anchor every quote, then mark each block. Returns
    (anchored notes, anchoring seconds, marking seconds)."""
    text = "\n".join(blocks)
    offsets: list[int] = []
    cursor = 0
    for block in blocks:
        offsets.append(cursor)
        cursor += len(block) + 1
    started = time.perf_counter()
    results = locate_all(text, selectors)  # what the build does: exact, then fuzzy for misses
    anchored_at = time.perf_counter()
    by_block: dict[int, list[tuple[int, int, int]]] = {}
    for number, result in enumerate(results, start=1):
        if result.status == "ok":
            index = bisect.bisect_right(offsets, result.start) - 1
            by_block.setdefault(index, []).append((result.start - offsets[index], result.end - offsets[index], number))
    html_blocks = {index: block_html(blocks[index]) for index in by_block}
    marking_started = time.perf_counter()
    for index, ranges in by_block.items():
        wraps = [Wrap(s, e, f'<span class="anno-hl" data-note="n{n}" data-note-kind="context">', "</span>", (n,))
                 for s, e, n in ranges]
        insertions = [Insertion(e, f'<button type="button" class="anno-marker anno-skip">{n}</button>', n)
                      for s, e, n in ranges]
        mark(html_blocks[index], wraps, insertions)
    done = time.perf_counter()
    return sum(len(r) for r in by_block.values()), anchored_at - started, done - marking_started


def _measure(blocks: list[str], selectors: list[Selector], repeats: int) -> dict[str, Any]:
    runs = [anchor_and_mark(blocks, selectors) for _ in range(repeats)]
    anchored = runs[0][0]
    anchor_s = min(r[1] for r in runs)
    mark_s = min(r[2] for r in runs)
    tracemalloc.start()
    anchor_and_mark(blocks, selectors)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"chars": len("\n".join(blocks)), "notes": len(selectors), "anchored": anchored,
            "anchor_s": anchor_s, "mark_s": mark_s, "total_s": anchor_s + mark_s, "peak_bytes": peak}


def growth_exponent(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of log(time) against log(size): 1 is linear, 2 quadratic."""
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(max(y, 1e-9)) for _, y in points]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    denominator = sum((x - mean_x) ** 2 for x in xs)
    if not denominator:
        return float("nan")
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / denominator


@dataclass(frozen=True)
class ThroughputPlan:
    notes_series_chars: int
    notes_series: tuple[int, ...]
    together: tuple[int, ...]  # text sizes; notes = one per 100 characters
    one_block_chars: int
    one_block_notes: tuple[int, ...]
    repeats: int


FULL_PLAN = ThroughputPlan(1_000_000, (100, 1_000, 10_000, 100_000), (10_000, 100_000, 1_000_000),
                           100_000, (100, 1_000, 10_000), 3)
QUICK_PLAN = ThroughputPlan(20_000, (10, 100), (2_000, 20_000), 5_000, (10, 100), 1)


def bench_throughput(plan: ThroughputPlan) -> dict[str, Any]:
    series: dict[str, list[dict[str, Any]]] = {"notes": [], "together": [], "one_block": []}
    blocks = synthetic_blocks(plan.notes_series_chars, seed=1)
    for count in plan.notes_series:
        series["notes"].append(_measure(blocks, synthetic_selectors(blocks, count, seed=count), plan.repeats))
    for chars in plan.together:
        blocks = synthetic_blocks(chars, seed=2)
        series["together"].append(_measure(blocks, synthetic_selectors(blocks, max(1, chars // 100), seed=chars),
                                           plan.repeats))
    block = synthetic_blocks(plan.one_block_chars, seed=3, paragraph=plan.one_block_chars)
    for count in plan.one_block_notes:
        series["one_block"].append(_measure(block, synthetic_selectors(block, count, seed=count), plan.repeats))
    # Over a whole series a fixed cost (scanning M characters) flattens the slope at small N; the
    # step between the two largest sizes shows the asymptotic growth.
    exponents = {
        "notes": growth_exponent([(r["notes"], r["total_s"]) for r in series["notes"]]),
        "notes_last_step": growth_exponent([(r["notes"], r["total_s"]) for r in series["notes"][-2:]]),
        "together": growth_exponent([(r["chars"], r["total_s"]) for r in series["together"]]),
        "one_block": growth_exponent([(r["notes"], r["total_s"]) for r in series["one_block"]]),
        "one_block_last_step": growth_exponent([(r["notes"], r["total_s"]) for r in series["one_block"][-2:]]),
    }
    return {"series": series, "exponents": exponents}
