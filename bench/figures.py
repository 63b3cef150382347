"""`make bench`: what the annotation layer costs, measured side by side in one run.

(a) build time of this site against the same pages built with the layer switched off;
(b) engine throughput on synthetic data (anchoring + marking N notes on M characters);
(c) `mkdocs serve` after a notes YAML file changes: the rebuild, and the wait from save to page;
(d) the project's own CSS and JS, raw and gzipped;
(e) the essay page's HTML, raw and gzipped.

"Switched off" means a copy of the project whose mkdocs.yml has no `hooks:` entry and whose
docs/ holds static Markdown with the same pages and the same words (the essay's blocks as
headings and paragraphs, each followed by its notes as quoted paragraphs; the glossary,
bibliography and timeline as plain lists) but no validation, anchoring, highlights, markers,
term links, cross-reference checks, backlinks or generated files. Both copies are built by the
same MkDocs in fresh processes, so the ratio includes everything CI would pay.

Complexity of the engine (checked by the growth exponents printed in (b)):
- anchoring (anchoring.locate.locate_all, exact stage): one Aho-Corasick automaton of all quotes, one pass over the
  text: O(M + Σ|quote| + occurrences), then O(|prefix| + |suffix|) per occurrence to filter.
- marking (htmlmark.mark, once per block): tokenizing is O(size of the block's HTML); each
  range's ends are cut points found by bisection in a sorted list, so a text token costs
  O(log B + cuts in it) for B boundaries; each cut emits the wraps covering it, so the output
  (and the time) is O(tokens + B log B + Σ covering wraps). Overlapping notes make the output
  itself larger; disjoint notes keep the whole step linear in M + N.
Together: O(M + Σ|quote| + N log N) for N notes on M characters. Measured on the 2-core build
machine: 10,000 notes on 1 MB in about 0.45 s CPU, growth exponent about 1.0 when text and notes grow
together. Marking used to scan every boundary for every text token (quadratic in the notes of a
block: marking 10,000 notes in one 100 KB paragraph took 3.3 s); it now bisects (0.1 s).

One module per figure: build_ratio (a), throughput (b), serve and rebuild (c), sizes (d, e); this module runs
them and prints the report. bench/PROFILE.md says where a build's time goes.

Run: `python -m bench [--quick] [--json FILE] [--root DIR]`. Timings are printed, never
asserted: a slow machine must not fail `make test` (tests/test_bench_smoke.py runs --quick).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.build_ratio import BUILD_RATIO_TARGET, bench_build
from bench.serve import SERVE_TARGET_S, bench_serve
from bench.sizes import ASSETS_TARGET_BYTES, bench_assets, bench_page
from bench.throughput import FULL_PLAN, QUICK_PLAN, THROUGHPUT_TARGET_S, bench_throughput


def _kb(value: int) -> str:
    return f"{value / 1024:.1f} KB"


def _status(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"


def report_lines(results: dict[str, Any]) -> Iterator[str]:
    build = results["build"]
    yield "(a) full build time, this site vs the same pages without the annotation layer"
    yield (f"    {build['runs']} alternating run(s), each building both copies back to back; whole `mkdocs build` "
           "process (startup included); times are medians, the ratio is the median of each run's own ratio:")
    yield (f"    with annotations {build['full_wall_s']:.2f} s   plain {build['plain_wall_s']:.2f} s   "
           f"ratio {build['wall_ratio']:.2f}   ({_status(build['wall_ratio'] <= BUILD_RATIO_TARGET)} "
           f"≤ {BUILD_RATIO_TARGET})")
    yield (f"    CPU time (user + system) of the same processes: with annotations {build['full_cpu_s']:.2f} s   "
           f"plain {build['plain_cpu_s']:.2f} s   ratio {build['cpu_ratio']:.2f}")
    if "reported_ratio" in build:
        yield (f"    MkDocs's own 'built in' time: with annotations {build['full_reported_s']:.2f} s   "
               f"plain {build['plain_reported_s']:.2f} s   ratio {build['reported_ratio']:.2f}")
    yield f"    pages: {build['full_pages']} with annotations, {build['plain_pages']} plain"
    yield ""
    throughput = results["throughput"]
    yield "(b) engine throughput: anchoring + marking N notes on M characters (best of runs; peak via tracemalloc)"
    titles = {"notes": "notes grow, text fixed", "together": "text and notes grow together (1 note / 100 chars)",
              "one_block": "one long paragraph (worst case for marking)"}
    for name, rows in throughput["series"].items():
        yield f"    {titles[name]}:"
        yield "      {:>9} {:>8} {:>9} {:>10} {:>10} {:>10} {:>11}".format(
            "M chars", "N notes", "anchored", "anchor s", "mark s", "total s", "peak MB")
        for r in rows:
            yield "      {:>9,} {:>8,} {:>9,} {:>10.3f} {:>10.3f} {:>10.3f} {:>11.1f}".format(
                r["chars"], r["notes"], r["anchored"], r["anchor_s"], r["mark_s"], r["total_s"],
                r["peak_bytes"] / 1e6)
    exponents = throughput["exponents"]
    yield "    growth exponents (log-log slope of time against size; 1 = linear, 2 = quadratic):"
    yield (f"      notes on fixed text {exponents['notes']:.2f} overall, {exponents['notes_last_step']:.2f} at the "
           f"largest step;  text and notes together {exponents['together']:.2f};  one paragraph "
           f"{exponents['one_block']:.2f} overall, {exponents['one_block_last_step']:.2f} at the largest step")
    target = next((r for r in throughput["series"]["notes"] if r["notes"] == 10_000 and r["chars"] >= 1_000_000), None)
    if target:
        yield (f"    10,000 notes on 1 MB: {target['total_s']:.3f} s "
               f"({_status(target['total_s'] <= THROUGHPUT_TARGET_S)} ≤ {THROUGHPUT_TARGET_S:.1f} s)")
    yield ""
    serve = results["serve"]
    yield "(c) `mkdocs serve` after a notes YAML edit"
    if "error" in serve:
        yield f"    not measured: {serve['error']}"
    else:
        yield ("    rebuild, as `mkdocs serve` runs it (configuration + build, in one process): "
               + "  ".join(f"{s:.2f}" for s in serve["rebuilds_s"])
               + f"   median {serve['rebuild_median_s']:.2f} s   "
               f"({_status(serve['rebuild_median_s'] <= SERVE_TARGET_S)} ≤ {SERVE_TARGET_S:.1f} s)")
        yield ("    save to page shown, against a running `mkdocs serve`, waiting as a browser does "
               "(notification, MkDocs's wait for further changes, rebuild, reload): "
               + "  ".join(f"{s:.2f}" for s in serve["latencies_s"])
               + f"   median {serve['median_s']:.2f} s   ({_status(serve['median_s'] <= SERVE_TARGET_S)} "
               f"≤ {SERVE_TARGET_S:.1f} s)")
        yield f"    first serve after start {serve['first_serve_s']:.2f} s"
    yield ""
    assets = results["assets"]
    yield "(d) the project's own CSS and JS (docs/assets), as shipped: minified, then gzip -9"
    for row in assets["files"]:
        yield f"    {row['file']:<28} {_kb(row['raw']):>9} raw {_kb(row['gzip']):>9} gzipped"
    yield (f"    total {_kb(assets['raw'])} raw, {_kb(assets['gzip'])} gzipped "
           f"({_status(assets['gzip'] <= ASSETS_TARGET_BYTES)} ≤ {_kb(ASSETS_TARGET_BYTES)})")
    yield ""
    yield "(e) the essay page's HTML"
    for name, size in results["page"].items():
        yield f"    {name:<6} {_kb(size['raw']):>9} raw {_kb(size['gzip']):>9} gzipped"


def run(root: Path, quick: bool) -> dict[str, Any]:
    results: dict[str, Any] = {"quick": quick}
    with tempfile.TemporaryDirectory(prefix="marginalia-bench-") as folder:
        work = Path(folder)
        results["build"] = bench_build(root, work, runs=1 if quick else 5)
        results["throughput"] = bench_throughput(QUICK_PLAN if quick else FULL_PLAN)
        try:
            results["serve"] = bench_serve(root, work, edits=1 if quick else 5)
        except RuntimeError as error:
            results["serve"] = {"error": str(error)}
        results["assets"] = bench_assets(root)
        text_id = sorted(p.parent.parent.name for p in (root / "annotations").glob("*/notes/*.yml"))[0]
        results["page"] = bench_page(results["build"].pop("sites"), text_id)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", default=".", help="project folder (holds mkdocs.yml, annotations/, docs/)")
    parser.add_argument("--quick", action="store_true", help="tiny sizes and one run each (for the smoke test)")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    if not (root / "mkdocs.yml").exists():
        print(f"error: {root} has no mkdocs.yml; run from the project folder or pass --root", file=sys.stderr)
        return 2
    results = run(root, args.quick)
    for line in report_lines(results):
        print(line)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
