"""Adversarial corpus: hostile or careless annotation data never breaks the build silently.

Each case applies one small mutation to a copy of tests/fixtures/adversarial (a short essay full of
hard cases: term links and an emendation inside passages, Hangul, a no-break space, a zero-width
space, a combining accent, emoji, right-to-left scripts, near-identical sentences) and expects one
of two outcomes:

- `Error`: the engine raises DataError, every diagnostic reads `file:line:col: error: …` with a
  real file and line, and one error (message or hints) contains the expected text and points into
  the expected file. The build stops, so nothing is dropped behind the reader's back.
- `Ok`: the edition builds; every page is well formed (tests/htmlcheck.py) and carries no active
  content; every note in the data appears once with id="note-<id>" and a highlighted passage, so
  no note vanished; warnings appear only where the case expects one (e.g. "drifted").

Never a traceback: an exception other than DataError fails the case with its traceback.
Case counts by category are in CATEGORIES at the end of the table.
"""
from __future__ import annotations

import json
import random
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from htmlcheck import FIXTURE_TEXT_ID as TEXT_ID
from htmlcheck import active_content, note_ids_in_data, unsafe_markup, visible_strings, wellformed_errors
from project import FIXTURES, run_cli

from marginalia.anchoring.context import shortest_unique_context
from marginalia.diagnostics import DataError, Diagnostic
from marginalia.edition.build import Edition, build_edition
from marginalia.rendering.essay import render_essay
from marginalia.rendering.notes import RenderOptions
from marginalia.rendering.pages import render_glossary, render_sources, render_timeline

FIXTURE = FIXTURES / "adversarial"
NOTES = f"annotations/{TEXT_ID}/notes/notes.yml"
EXTRA_NOTES = f"annotations/{TEXT_ID}/notes/extra.yml"
TEXT_YML = f"annotations/{TEXT_ID}/text.yml"
EMENDATIONS = f"annotations/{TEXT_ID}/emendations.yml"
GLOSSARY = "annotations/glossary.yml"
SOURCES = "annotations/sources/fixture.yml"
SEED = f"seeds/{TEXT_ID}.txt"
FIRST_PARAGRAPH = ("The watchtower diplomacy of the northern state is a study in hedging, and the watchtower "
                   "itself is a metaphor for waiting.")

Mutation = Callable[[Path], None]


# Mutations ---------------------------------------------------------------------------------------

def replace(file: str, old: str, new: str) -> Mutation:
    def mutate(root: Path) -> None:
        path = root / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture changed: {old!r} is not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return mutate


def append(file: str, text: str) -> Mutation:
    def mutate(root: Path) -> None:
        path = root / file
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return mutate


def write(file: str, content: str | bytes) -> Mutation:
    def mutate(root: Path) -> None:
        path = root / file
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return mutate


def transform_bytes(file: str, change: Callable[[bytes], bytes]) -> Mutation:
    def mutate(root: Path) -> None:
        path = root / file
        path.write_bytes(change(path.read_bytes()))
    return mutate


def chain(*mutations: Mutation) -> Mutation:
    def mutate(root: Path) -> None:
        for mutation in mutations:
            mutation(root)
    return mutate


def q(value: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(value, ensure_ascii=False)


def note_yaml(note_id: str, quote: str, *, title: str = "A title", body: str = "A body.",
              kind: str = "context", extra: str = "") -> str:
    lines = [f"  - id: {note_id}", f"    quote: {q(quote)}", f"    kind: {kind}", f"    title: {q(title)}",
             f"    body: {q(body)}", "    sources: [fixture-source]"]
    lines.extend(f"    {line}" for line in extra.splitlines() if line)
    return "\n".join(lines) + "\n"


def add_note(note_id: str, quote: str, **fields: str) -> Mutation:
    return append(NOTES, note_yaml(note_id, quote, **fields))


def schema_edited_after_a_build(schema_name: str, change: Callable[[dict], None]) -> Mutation:
    """Give the project its own schemas/, build once in this process (as mkdocs serve does), then edit
    a schema (REBUILT_MARK): the harness's build is the rebuild, which must read the edited schema."""
    def mutate(root: Path) -> None:
        shutil.copytree(FIXTURES.parent.parent / "schemas", root / "schemas")
        build_edition(root)
        path = root / "schemas" / schema_name
        schema = json.loads(path.read_text(encoding="utf-8"))
        change(schema)
        path.write_text(json.dumps(schema), encoding="utf-8")
    return mutate


def many_notes_on_one_paragraph(count: int) -> Mutation:
    """`count` distinct passages of the first paragraph, each with the context that makes it unique."""
    def mutate(root: Path) -> None:
        essay_text = build_edition(FIXTURE).essay(TEXT_ID).text
        start_of_paragraph = essay_text.index(FIRST_PARAGRAPH)
        rng = random.Random(1000)
        ranges: set[tuple[int, int]] = set()
        while len(ranges) < count:
            start = rng.randrange(0, len(FIRST_PARAGRAPH) - 2)
            end = rng.randrange(start + 2, min(len(FIRST_PARAGRAPH), start + 40) + 1)
            ranges.add((start, end))
        chunks = []
        for number, (start, end) in enumerate(sorted(ranges)):
            selector = shortest_unique_context(essay_text, start_of_paragraph + start,
                                                         start_of_paragraph + end)
            extra = "".join(f"{name}: {q(value)}\n" for name, value in
                            (("prefix", selector.prefix), ("suffix", selector.suffix)) if value)
            chunks.append(note_yaml(f"bulk-{number:04d}", selector.exact, title=f"Bulk note {number}",
                                    extra=extra))
        path = root / NOTES
        path.write_text(path.read_text(encoding="utf-8") + "".join(chunks), encoding="utf-8")
    return mutate


# Expectations ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rendered:
    edition: Edition
    pages: dict[str, str]

    @property
    def essay(self) -> str:
        return self.pages["essay"]

    def strings(self) -> str:
        """Every text node and attribute value of every page, decoded: what a reader can get at."""
        return "\n".join(value for page in self.pages.values() for value in visible_strings(page))


@dataclass(frozen=True)
class Error:
    text: str  # in the message or a hint of an error diagnostic
    file: str = NOTES


@dataclass(frozen=True)
class Ok:
    shows: tuple[str, ...] = ()  # strings a reader must find, decoded, in text or attributes
    warning: str | None = None  # a warning must contain this; None: no warning at all
    check: Callable[[Rendered], None] | None = field(default=None, compare=False)


def shows(*values: str) -> Ok:
    return Ok(shows=values)


# Checks used by some cases -----------------------------------------------------------------------

def backlinked_both_ways(rendered: Rendered) -> None:
    essay = rendered.essay
    for note_id, other in (("cycle-a", "cycle-b"), ("cycle-b", "cycle-a")):
        aside = essay[essay.index(f'id="note-{note_id}"'):]
        aside = aside[:aside.index("</aside>")]
        assert f"#note-{other}" in aside.split("Referenced by")[1], f"{note_id} lacks its backlink to {other}"


def see_also_both_ways(rendered: Rendered) -> None:
    glossary = rendered.pages["glossary"]
    for term_id, other in (("hedging", "watchtower-diplomacy"), ("watchtower-diplomacy", "hedging")):
        entry = glossary[glossary.index(f'id="term-{term_id}"'):]
        entry = entry[:entry.index("</section>")]
        assert f'href="#term-{other}"' in entry.split("See also")[1]


def thousand_notes_placed(rendered: Rendered) -> None:
    bulk = [p for p in rendered.edition.placed[TEXT_ID] if p.note.id.startswith("bulk-")]
    assert len(bulk) == 1000 and len({p.block_index for p in bulk}) == 1
    assert rendered.essay.count('data-note-marker="bulk-') == 1000


def links_kept(rendered: Rendered, markdown_source: str) -> None:
    """Every Markdown link of a long body and detail survives rendering."""
    links = re.findall(r"\[link\]\((https://example\.org/\d+)\)", markdown_source)
    assert len(links) > 250
    assert rendered.essay.count('href="https://example.org/') >= len(links)


def link_has_rel(rendered: Rendered) -> None:
    aside = rendered.essay[rendered.essay.index('id="note-kim-1954"'):]
    assert 'href="https://example.org/visit" rel="noopener noreferrer"' in aside


def title_is(rendered: Rendered, title: str) -> None:
    """The seed's first line is the title exactly: no byte order mark, no carriage return (SEED_MARK)."""
    first = rendered.edition.essay(TEXT_ID).blocks[0]
    assert (first.kind, first.text) == ("title", title)
    assert "\ufeff" not in rendered.essay and "\r" not in rendered.essay


def ids_are(rendered: Rendered, *expected: str) -> None:
    """Each id is on the essay page exactly once: ids are unique by construction."""
    for element_id in expected:
        assert rendered.essay.count(f'id="{element_id}"') == 1, element_id


def passage_text_is(note_id: str, expected: str) -> Callable[[Rendered], None]:
    def check(rendered: Rendered) -> None:
        essay = rendered.edition.essay(TEXT_ID).text
        placed = next(p for p in rendered.edition.placed[TEXT_ID] if p.note.id == note_id)
        assert essay[placed.start:placed.end] == expected
    return check


# OWASP XSS filter evasion cheat sheet vectors ----------------------------------------------------
# https://cheatsheetseries.owasp.org/cheatsheets/XSS_Filter_Evasion_Cheat_Sheet.html

TAG_PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "img-javascript": "<IMG SRC=\"javascript:alert('XSS');\">",
    "img-onerror": '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    "svg-onload": "<SVG/ONLOAD=alert(1)>",
    "malformed-a": '\\<a onmouseover="alert(document.cookie)"\\>xxs link\\</a\\>',
    "half-open": "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    "iframe": "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "style": "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE>",
    "form": '<FORM><BUTTON FORMACTION="javascript:alert(1)">X</BUTTON></FORM>',
    "conditional-comment": "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
}
# A title or a name is text: these must come out escaped and visible, never as markup.
TEXT_PAYLOAD = "\"><img src=x onerror=alert(1)>'<script>alert(2)</script>"
ATTRIBUTE_PAYLOAD = "\" onmouseover=\"alert(3)\" x='"


# Dense inline Markdown: the slowest kind for Python-Markdown, whose inline pass is quadratic.
LONG_MARKDOWN = " ".join(f"Word{i} *emphasis* [link](https://example.org/{i}) `code`." for i in range(10_000))


# Cases that guard bounded work (aliases, nesting, size) must answer at once, whatever the machine.
BOUNDED = pytest.mark.timeout(5)


# The table ---------------------------------------------------------------------------------------

CASES = [
    # --- YAML ---
    pytest.param(replace(NOTES, 'title: Dawn', 'title: "Dawn'), Error("YAML syntax error"), id="yaml-unclosed-quote"),
    pytest.param(replace(NOTES, "    kind: event\n    title: Dawn", "\tkind: event\n    title: Dawn"),
                 Error("tab characters"), id="yaml-tab-indent"),
    pytest.param(replace(NOTES, "    title: Dawn\n", "    title: Dawn\n    title: Dusk\n"),
                 Error("duplicate key 'title'"), id="yaml-duplicate-key"),
    pytest.param(replace(NOTES, "    title: Dawn\n", "    title: 42\n"), Error("must be text, got a number"),
                 id="yaml-wrong-type-number"),
    pytest.param(replace(NOTES, "title: Dawn\n    body: The first of two near twins.\n    sources: [fixture-source]",
                         "title: Dawn\n    body: The first of two near twins.\n    sources: fixture-source"),
                 Error("must be a list"), id="yaml-wrong-type-list"),
    pytest.param(replace(NOTES, "    quote: \"opened at dawn\"", "    qoute: \"opened at dawn\""),
                 Error("unknown field 'qoute'"), id="yaml-unknown-field"),
    pytest.param(replace(NOTES, "    body: The first of two near twins.\n", ""), Error("missing required field 'body'"),
                 id="yaml-missing-field"),
    pytest.param(write(NOTES, ""), Error("the file is empty"), id="yaml-empty-file"),
    pytest.param(write(NOTES, "- id: a\n- id: b\n"), Error("must be a mapping"), id="yaml-top-level-list"),
    pytest.param(write(NOTES, "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)) + "notes: []\n"),
                 Error(f"{NOTES}:1:4: error: YAML anchors (&name) are not allowed"), id="yaml-billion-laughs",
                 marks=BOUNDED),
    pytest.param(write(NOTES, "notes: " + "[" * 3000 + "]" * 3000 + "\n"),
                 Error(f"{NOTES}:1:27: error: YAML nesting is too deep: more than 20 levels"),
                 id="yaml-deep-nesting", marks=BOUNDED),
    pytest.param(write(EXTRA_NOTES, "notes:\n  - id: aliased\n    detail: *x\n"),
                 Error(f"{EXTRA_NOTES}:3:13: error: YAML aliases (*name) are not allowed in annotation files",
                       EXTRA_NOTES), id="yaml-alias-without-anchor", marks=BOUNDED),
    pytest.param(write(EXTRA_NOTES, "notes:\n  - <<: {id: merged, kind: event}\n    title: Merged\n"),
                 Error(f"{EXTRA_NOTES}:2:5: error: YAML merge keys (<<) are not allowed in annotation files",
                       EXTRA_NOTES), id="yaml-merge-key", marks=BOUNDED),
    pytest.param(write(EXTRA_NOTES, "notes: '" + "x" * 600_000 + "'\n"),
                 Error(f"{EXTRA_NOTES}:1:512001: error: file is too large: 600,010 bytes, at most 512,000 are read",
                       EXTRA_NOTES), id="yaml-huge-scalar", marks=BOUNDED),
    pytest.param(transform_bytes(NOTES, lambda b: b.replace(b"Seoul in Hangul.", b"Seoul \xff in Hangul.")),
                 Error("not valid UTF-8"), id="yaml-invalid-utf8"),
    pytest.param(replace(NOTES, "Seoul in Hangul.", "Seoul\x00 in Hangul."), Error("U+0000"), id="yaml-nul-character"),
    pytest.param(replace(NOTES, 'date: "1954-10"', "date: 1954-02-30"),
                 Error(f"{NOTES}:19:11: error: notes[2].date: '1954-02-30' is not a real calendar date "
                       "(February 1954 has 28 days)"), id="yaml-impossible-date"),
    pytest.param(replace(NOTES, 'date: "1954-10"', 'date: "2024-02-30"'),
                 Error(f"{NOTES}:19:11: error: notes[2].date: '2024-02-30' is not a real calendar date "
                       "(February 2024 has 29 days)"), id="yaml-impossible-date-quoted"),
    pytest.param(replace(NOTES, 'date: "1954-10"', 'date: "1954-13"'), Error("is not a date"), id="yaml-month-13"),
    pytest.param(append(TEXT_YML, "heading_pattern: '(['\n"), Error("not a valid regular expression", TEXT_YML),
                 id="yaml-bad-heading-regex"),
    pytest.param(transform_bytes(NOTES, lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n")), Ok(),
                 id="yaml-bom-and-crlf"),
    # --- files: every file under annotations/ and seeds/ is read or named (STRAY) ---
    pytest.param(write(f"annotations/{TEXT_ID}/notes/more.yaml", "notes: []\n"),
                 Ok(warning=f"annotations/{TEXT_ID}/notes/more.yaml:1:1: warning: file not read: 'more.yaml' "
                            "does not end in .yml\n    hint: rename it to more.yml"), id="yaml-notes-file-named-yaml"),
    pytest.param(write(f"annotations/{TEXT_ID}/notes.yml", "notes: []\n"),
                 Ok(warning=f"annotations/{TEXT_ID}/notes.yml:1:1: warning: file not read: notes.yml is not a file "
                            f"of a text folder\n    hint: notes go in annotations/{TEXT_ID}/notes/notes.yml"),
                 id="yaml-notes-file-beside-notes-folder"),
    pytest.param(write("seeds/other-essay.txt", "Another Essay\n"),
                 Ok(warning="seeds/other-essay.txt:1:1: warning: seed not read: there is no "
                            "annotations/other-essay/text.yml"),
                 id="yaml-seed-without-text-folder"),

    # --- state: a rebuild in the same process reads what is on disk now (REBUILT_MARK) ---
    pytest.param(schema_edited_after_a_build(
        "notes.schema.json", lambda schema: schema["$defs"]["note"]["properties"]["title"].update(maxLength=10)),
                 Error(f"{NOTES}:5:12: error: notes[0].title is too long: 20 characters, at most 10 are allowed"),
                 id="state-schema-edit-counts-at-the-next-build"),

    # --- quotes ---
    pytest.param(replace(NOTES, 'quote: "opened at dawn"', 'quote: ""'), Error("quote must not be empty"),
                 id="quote-empty"),
    pytest.param(replace(NOTES, 'quote: "opened at dawn"', 'quote: "a"'), Error("quote is too short"),
                 id="quote-single-character"),
    pytest.param(add_note("nowhere", "the moon landing was staged"), Error("quote of note 'nowhere' not found in the essay"),
                 id="quote-not-found"),
    pytest.param(add_note("twins", "the guards waved the traders through"), Error("ambiguous quote in note 'twins'"),
                 id="quote-ambiguous"),
    pytest.param(add_note("twins-picked", "the guards waved the traders through",
                          extra='prefix: "dusk and "'),
                 Ok(check=passage_text_is("twins-picked", "the guards waved the traders through")),
                 id="quote-ambiguous-resolved-by-prefix"),
    pytest.param(add_note("spanning", "a metaphor for waiting.\nKim Il-sung attended"),
                 Error("quote in note 'spanning' spans two paragraphs"), id="quote-spans-paragraphs"),
    pytest.param(add_note("wrong-context", "opened at dusk", extra='prefix: "Yesterday, "\nsuffix: " in the rain"'),
                 Error("quote in note 'wrong-context' is in the essay, but not with the given prefix/suffix"),
                 id="quote-prefix-and-suffix-mismatch"),
    pytest.param(add_note("prefix-typo", "opened at dusk", extra='prefix: "The bordr "'),
                 Ok(warning="drifted", check=passage_text_is("prefix-typo", "opened at dusk")), id="quote-prefix-typo-drifts"),
    pytest.param(add_note("twin-typo", "the guards waved the traders through", extra='prefix: "at dsk and "'),
                 Error("cannot tell them apart"), id="quote-prefix-typo-between-twins"),
    pytest.param(add_note("whitespace", "   "), Error("quote of note 'whitespace' not found"), id="quote-whitespace-only"),

    # --- passages: overlapping, nested, crossing markup, on every kind of block ---
    pytest.param(chain(add_note("over-1", "diplomacy of the northern"), add_note("over-2", "the northern state is"),
                       add_note("over-3", "state is a study in")), Ok(), id="passage-overlap-chain"),
    pytest.param(chain(add_note("same-1", "a study in hedging"), add_note("same-2", "a study in hedging")),
                 Ok(), id="passage-identical-ranges"),
    pytest.param(chain(add_note("nest-outer", "the watchtower itself is a metaphor for waiting"),
                       add_note("nest-inner", "itself is a metaphor"), add_note("nest-core", "metaphor")),
                 Ok(), id="passage-nested-three-deep"),
    pytest.param(add_note("cross-link-start", "diplomacy of"), Ok(), id="passage-starts-inside-term-link"),
    pytest.param(add_note("cross-link-end", "a study in hedg"), Ok(), id="passage-ends-inside-term-link"),
    pytest.param(add_note("cross-emendation", "s—n"), Ok(check=passage_text_is("cross-emendation", "s—n")),
                 id="passage-cuts-through-emendation"),
    pytest.param(add_note("whole-paragraph", FIRST_PARAGRAPH), Ok(), id="passage-whole-paragraph"),
    pytest.param(chain(add_note("on-title", "Stress Essay"), add_note("on-heading", "Near Twins"),
                       add_note("on-byline", "Fixtures Desk"), add_note("on-closing", "Fictional text")),
                 Ok(), id="passage-title-heading-byline-closing"),

    # --- Unicode ---
    pytest.param(add_note("hanja", "漢城 in Hanja", title="漢城", body="서울의 옛 이름."), shows("漢城", "서울의 옛 이름."),
                 id="unicode-hangul-hanja"),
    pytest.param(add_note("nbsp-exact", "10\u00a0km away"), Ok(), id="unicode-nbsp-exact"),
    pytest.param(add_note("nbsp-typed-as-space", "is 10 km away"), Ok(warning="drifted"),
                 id="unicode-nbsp-typed-as-space"),
    pytest.param(add_note("zwsp-exact", "hides in wa\u200btch"), Ok(), id="unicode-zero-width-exact"),
    pytest.param(add_note("zwsp-missing", "hides in watch, and"), Ok(warning="\\u200b"),
                 id="unicode-zero-width-missing"),
    pytest.param(add_note("combining-exact", "cafe\u0301 carries"), Ok(), id="unicode-combining-exact"),
    pytest.param(add_note("combining-nfc", "caf\u00e9 carries a"), Ok(warning="Unicode composition"),
                 id="unicode-combining-vs-precomposed"),
    pytest.param(add_note("flag", "🇰🇷"), Ok(), id="unicode-emoji-flag"),
    pytest.param(add_note("half-family", "👩\u200d"), Error("ambiguous quote"), id="unicode-emoji-partial-sequence"),
    pytest.param(add_note("hebrew", "Hebrew שלום run", title="\u202eevil\u202c reversed", body="שלום עליכם"),
                 shows("\u202eevil\u202c reversed", "שלום עליכם"), id="unicode-rtl-and-override"),
    pytest.param(add_note("서울-id", "Seoul is"), Error("is not a lowercase slug"), id="unicode-hangul-id"),

    # --- size ---
    pytest.param(add_note("huge-body", "a metaphor for waiting", body=LONG_MARKDOWN[:300_000]),
                 Error("body is too long: 300000 characters"), id="size-huge-body"),
    pytest.param(add_note("long-body", "a metaphor for waiting", body=LONG_MARKDOWN[:3000],
                          extra=f"detail: {q(LONG_MARKDOWN[:12000])}"),
                 Ok(check=lambda rendered: links_kept(rendered, LONG_MARKDOWN[:3000] + LONG_MARKDOWN[:12000])),
                 id="size-longest-allowed-body-and-detail"),
    pytest.param(many_notes_on_one_paragraph(1000), Ok(check=thousand_notes_placed), id="size-1000-notes-one-paragraph"),

    # --- ids and references ---
    pytest.param(replace(NOTES, "id: dawn", "id: Dawn_Note"), Error("is not a lowercase slug"), id="id-uppercase-underscore"),
    pytest.param(replace(NOTES, "id: dawn", 'id: "../../etc/passwd"'), Error("is not a lowercase slug"), id="id-path"),
    pytest.param(replace(NOTES, "id: dawn", 'id: "x\\" onclick=\\"alert(1)"'), Error("is not a lowercase slug"),
                 id="id-attribute-breakout"),
    pytest.param(replace(GLOSSARY, "id: hedging\n", "id: hedging--\n"), Error("is not a lowercase slug", GLOSSARY),
                 id="id-term-double-hyphen"),
    pytest.param(replace(NOTES, "id: dawn", "id: watchtower"), Error("duplicate note id 'watchtower'"),
                 id="id-duplicate-note"),
    pytest.param(add_note("dawn-title", "a metaphor for waiting"),  # note dawn's title element must not be it
                 Ok(check=lambda rendered: ids_are(rendered, "note-dawn--title", "note-dawn-title")),
                 id="id-note-named-like-another-notes-title"),
    pytest.param(replace(NOTES, "Nested inside the previous note's passage.", "See [[note:no-such-note]]."),
                 Error("unresolved cross-reference [[note:no-such-note]]"), id="ref-unresolved"),
    pytest.param(replace(NOTES, "Nested inside the previous note's passage.", "See [[javascript:alert(1)]]."),
                 Error("unknown cross-reference kind 'javascript'"), id="ref-unknown-kind"),
    pytest.param(chain(add_note("cycle-a", "a metaphor for waiting", body="See [[note:cycle-b]]."),
                       add_note("cycle-b", "much later", body="See [[note:cycle-a]] and [[note:cycle-b]].")),
                 Ok(check=backlinked_both_ways), id="ref-note-cycle-and-self"),
    pytest.param(replace(GLOSSARY, "    definition: Keeping options open between rival powers.\n",
                         "    definition: Keeping options open; see [[term:watchtower-diplomacy]].\n"
                         "    see_also: [watchtower-diplomacy]\n"),
                 Ok(check=see_also_both_ways), id="ref-see-also-cycle"),
    pytest.param(replace(GLOSSARY, "    aliases: [mini-NATO]\n", "    aliases: [mini-NATO, Hedging]\n"),
                 Error(f"{GLOSSARY}:16:26: error: alias 'Hedging' of term 'asian-nato' is already the name of term "
                       f"'hedging' at {GLOSSARY}:10:11", GLOSSARY), id="ref-alias-claims-another-terms-name"),
    pytest.param(replace(GLOSSARY, "    see_also: [hedging]\n", "    see_also: [watchtower-diplomacy]\n"),
                 Ok(warning="lists itself"), id="ref-see-also-self"),
    pytest.param(replace(NOTES, "sources: [second-source]", "sources: [no-such-source]"),
                 Error("cites unknown source 'no-such-source'"), id="ref-unknown-source"),
    # A relative link in a body must land on a page of the site (issue 12, meaning).
    pytest.param(replace(NOTES, "Nested inside the previous note's passage.", "See [the essay](../no-such-page/)."),
                 Error(f"{NOTES}:25:27: error: broken link in note 'fifth' (body): '../no-such-page/' points to "
                       "no page of the site"), id="ref-broken-relative-link"),
    # References are scoped to texts: another text is named explicitly, and an unknown one is an error.
    pytest.param(replace(NOTES, "Nested inside the previous note's passage.", "See [[section:no-such-text/2]]."),
                 Error(f"{NOTES}:25:15: error: unresolved cross-reference [[section:no-such-text/2]] in note 'fifth' "
                       "(body)"), id="ref-section-of-an-unknown-text"),
    # References are Markdown: in a code span the syntax is shown, not resolved (and not an error).
    pytest.param(replace(NOTES, "Nested inside the previous note's passage.",
                         "Write `[[note:no-such-note]]` to link a note."),
                 Ok(shows=("[[note:no-such-note]]",)), id="ref-in-a-code-span-stays-literal"),

    # --- XSS in Markdown bodies: raw HTML and unsafe links are located errors ---
    *(pytest.param(replace(NOTES, "Nested inside the previous note's passage.", q(payload)),
                   Error("raw HTML is not allowed in note 'fifth' (body)"), id=f"xss-body-{name}")
      for name, payload in TAG_PAYLOADS.items()),
    pytest.param(replace(NOTES, "Nested inside the previous note's passage.", "<iframe src=http://xss.rocks/x.html <"),
                 shows("<iframe src=http://xss.rocks/x.html <"), id="xss-body-unterminated-tag-is-text"),
    pytest.param(replace(NOTES, "(https://example.org/visit)", "(javascript:alert(1))"),
                 Error("unsafe link in note 'kim-1954' (body)"), id="xss-link-javascript"),
    pytest.param(replace(NOTES, "(https://example.org/visit)", "(JaVaScRiPt:alert(1))"),
                 Error("unsafe link"), id="xss-link-mixed-case"),
    pytest.param(replace(NOTES, "(https://example.org/visit)", "(java&#x09;script:alert(1))"),
                 Error("unsafe link"), id="xss-link-entity-tab"),
    pytest.param(replace(NOTES, "(https://example.org/visit)",
                         "(&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))"),
                 Error("unsafe link"), id="xss-link-decimal-entities"),
    pytest.param(replace(NOTES, "(https://example.org/visit)", "(data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
                 Error("unsafe link"), id="xss-link-data-url"),
    pytest.param(replace(NOTES, "body: A *visit* with [a link](https://example.org/visit).",
                         'body: "A [visit][x].\\n\\n[x]: javascript:alert(1)"'),
                 Error("unsafe link"), id="xss-reference-style-link"),
    pytest.param(replace(NOTES, "body: A *visit* with [a link](https://example.org/visit).",
                         'body: "![x](https://example.org/x.png)"'),
                 Error("images are not allowed"), id="xss-markdown-image"),
    pytest.param(replace(NOTES, "body: A *visit* with [a link](https://example.org/visit).",
                         "body: A *visit* with [a link](https://example.org/visit).\n"
                         "    detail: \"<svg><script>alert(1)</script></svg>\""),
                 Error("raw HTML is not allowed in note 'kim-1954' (detail)"), id="xss-detail"),
    pytest.param(replace(GLOSSARY, "    definition: Keeping options open between rival powers.\n",
                         "    definition: \"[x](vbscript:msgbox(1)) <b onclick=alert(1)>b</b>\"\n"),
                 Error("term 'hedging' (definition)", GLOSSARY), id="xss-glossary-definition"),
    pytest.param(replace(NOTES, "Nested inside the previous note's passage.", q(
        "[[note:kim-1954|\" onmouseover=\"alert(1)]], [x](https://example.org/\"onmouseover=\"alert(2) "
        "\"' onclick='alert(3)\") and &lt;script&gt;alert(4)&lt;/script&gt;")),
                 shows('" onmouseover="alert(1)', "' onclick='alert(3)", "<script>alert(4)</script>"),
                 id="xss-body-quotes-and-entities-as-text"),
    pytest.param(chain(), Ok(check=link_has_rel), id="xss-external-link-rel"),

    # --- XSS in plain-text fields: escaped, visible, inert ---
    pytest.param(replace(NOTES, "title: Dawn", f"title: {q(TEXT_PAYLOAD)}"), shows(TEXT_PAYLOAD), id="xss-note-title"),
    pytest.param(replace(NOTES, "title: Dawn", f"title: {q(ATTRIBUTE_PAYLOAD)}"), shows(ATTRIBUTE_PAYLOAD),
                 id="xss-note-title-attribute-breakout"),
    pytest.param(chain(replace(SOURCES, "title: Another fixture source", f"title: {q(TEXT_PAYLOAD)}"),
                       replace(SOURCES, "publisher: Test Fixtures\n    date: \"2025\"",
                               f"publisher: {q(ATTRIBUTE_PAYLOAD)}\n    date: \"2025\""),
                       replace(SOURCES, "author: Second Author", f"author: {q('<b>Author</b>')}"),
                       append(SOURCES, f"    note: {q('</li><script>alert(5)</script>')}\n")),
                 shows(TEXT_PAYLOAD, ATTRIBUTE_PAYLOAD, "<b>Author</b>", "</li><script>alert(5)</script>"),
                 id="xss-source-fields"),
    pytest.param(replace(TEXT_YML, "title: The Stress Essay", "title: 'The <script>alert(1)</script> Essay'"),
                 Error("text without < or >", TEXT_YML), id="xss-page-title"),
    pytest.param(replace(TEXT_YML, "title: The Stress Essay", "title: 'The &lt;b&gt; \"Stress\" & Essay'"),
                 Ok(), id="xss-page-title-entities-and-quotes"),
    pytest.param(replace(SOURCES, "url: https://example.org/second", "url: \"javascript:alert(1)\""),
                 Error("is not an http(s) URL", SOURCES), id="xss-source-url-javascript"),
    pytest.param(replace(SOURCES, "url: https://example.org/second", "url: 'https://example.org/\" onmouseover=\"alert(1)'"),
                 Error("is not an http(s) URL", SOURCES), id="xss-source-url-quote"),
    pytest.param(replace(GLOSSARY, "    term: Asian NATO\n    aliases: [mini-NATO]\n",
                         f"    term: {q(TEXT_PAYLOAD)}\n    aliases: [{q(ATTRIBUTE_PAYLOAD)}]\n"
                         f"    romanization: {q('<i>x</i>')}\n"),
                 shows(TEXT_PAYLOAD, ATTRIBUTE_PAYLOAD, "<i>x</i>"), id="xss-term-name-alias-romanization"),
    pytest.param(chain(replace(GLOSSARY, "short: Keeping options open between rival powers.",
                               f"short: {q(TEXT_PAYLOAD)}"),
                       replace(GLOSSARY, "{text: 아시아판 나토, lang: ko, script: Hangul}",
                               f"{{text: {q(ATTRIBUTE_PAYLOAD)}, lang: ko, script: {q('<script>')}}}")),
                 shows(TEXT_PAYLOAD, ATTRIBUTE_PAYLOAD, "<script>"), id="xss-term-short-and-native"),
    pytest.param(replace(GLOSSARY, "{text: 아시아판 나토, lang: ko, script: Hangul}",
                         "{text: x, lang: 'ko\" onmouseover=\"alert(1)', script: Hangul}"),
                 Error("lang", GLOSSARY), id="xss-native-lang-attribute"),
    pytest.param(chain(replace(EMENDATIONS, "reason: A lost em dash.", f"reason: {q(ATTRIBUTE_PAYLOAD + TEXT_PAYLOAD)}"),
                       replace(EMENDATIONS, 'reading: "—"', f"reading: {q('<b>—</b>')}"),
                       replace(NOTES, 'quote: "runs—north"', f"quote: {q('runs<b>—</b>north')}")),
                 shows(ATTRIBUTE_PAYLOAD + TEXT_PAYLOAD, "<b>—</b>"), id="xss-emendation-reason-and-reading"),
    # --- the seed (SEED_MARK): a Windows save changes nothing; a placeholder must be declared ---
    pytest.param(transform_bytes(SEED, lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n")),
                 Ok(check=lambda rendered: title_is(rendered, "The Stress Essay")), id="yaml-seed-bom-and-crlf"),
    pytest.param(chain(append(TEXT_YML, 'placeholder: "?"\n'),
                       replace(SEED, "The border opened at dawn and", "The border opened at dawn?and")),
                 Error(f"{SEED}:12:26: error: undeclared placeholder '?': text.yml says '?' in this seed stands for a "
                       "lost character, and no emendation says which", SEED), id="yaml-seed-undeclared-placeholder"),
    pytest.param(replace(SEED, "The river runs?north here, past the old customs post.",
                         "The river runs?north here, past the <script>alert(1)</script> post & gate."),
                 shows("<script>alert(1)</script> post & gate."), id="xss-seed-text"),
]

CATEGORIES = {
    "yaml": "malformed YAML, tabs, duplicate keys, wrong types, unknown fields, bad files",
    "quote": "empty, single character, not found, ambiguous, spanning paragraphs",
    "passage": "overlapping, nested, crossing inline markup",
    "unicode": "Hangul, NBSP, zero-width, combining marks, emoji, right-to-left",
    "size": "very long bodies, 1,000 notes on one paragraph",
    "id": "ids with odd characters",
    "ref": "references: unresolved, cycles",
    "xss": "OWASP XSS filter evasion payloads",
    "state": "what one build leaves behind for the next in the same process (mkdocs serve)",
}


# The harness -------------------------------------------------------------------------------------

def _render(edition: Edition) -> dict[str, str]:
    options = RenderOptions(repo_url="https://github.com/example/edition")
    return {"essay": render_essay(edition, TEXT_ID, options), "glossary": render_glossary(edition),
            "sources": render_sources(edition), "timeline": render_timeline(edition)}


def _assert_located(diagnostic: Diagnostic, root: Path) -> None:
    first_line = diagnostic.format().splitlines()[0]
    where, _, rest = first_line.partition(f": {diagnostic.severity}: ")
    assert rest, f"not in file:line:col form: {first_line}"
    file, line, column = where.rsplit(":", 2)
    assert line.isdigit() and column.isdigit() and int(line) >= 1 and int(column) >= 1, first_line
    path = root / file
    assert path.is_file(), f"diagnostic names a file that does not exist: {first_line}"
    assert int(line) <= path.read_bytes().count(b"\n") + 1, f"line out of range: {first_line}"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    return root


def test_fixture_builds_cleanly(project: Path) -> None:
    """The unmutated fixture is valid, so every failure below is caused by its mutation."""
    edition = build_edition(project)
    assert edition.warnings == []
    assert len(edition.placed[TEXT_ID]) == len(note_ids_in_data(project, TEXT_ID)) == 9


@pytest.mark.parametrize(("mutate", "expected"), CASES)
def test_adversarial_case(project: Path, mutate: Mutation, expected: Error | Ok) -> None:
    mutate(project)
    try:
        edition = build_edition(project)
    except DataError as failure:
        for diagnostic in failure.diagnostics:
            _assert_located(diagnostic, project)
        assert isinstance(expected, Error), "unexpected errors:\n" + failure.report()
        errors = [d for d in failure.diagnostics if d.severity == "error"]
        matching = [d for d in errors if expected.text in d.format()]
        assert matching, f"no error mentions {expected.text!r}:\n{failure.report()}"
        assert any(d.location.file == expected.file for d in matching), failure.report()
        return
    assert isinstance(expected, Ok), f"the edition built, but an error mentioning {expected.text!r} was expected"
    for warning in edition.warnings:
        _assert_located(warning, project)
    messages = "\n".join(w.format() for w in edition.warnings)
    if expected.warning is None:
        assert not edition.warnings, messages
    else:
        assert expected.warning in messages, messages

    rendered = Rendered(edition, _render(edition))
    for name, page in rendered.pages.items():
        assert wellformed_errors(page) == [], name
        assert unsafe_markup(page) == [], name
    for note_id in note_ids_in_data(project, TEXT_ID):
        assert rendered.essay.count(f'id="note-{note_id}"') == 1, f"note {note_id!r} is missing from the page"
        assert f'data-note="{note_id}"' in rendered.essay, f"note {note_id!r} has no highlighted passage"
    strings = rendered.strings()
    for value in expected.shows:
        assert value in strings, f"{value!r} is not shown to the reader"
    if expected.check:
        expected.check(rendered)


def test_corpus_size_and_categories() -> None:
    counts = {category: sum(1 for case in CASES if case.id.split("-")[0] == category) for category in CATEGORIES}
    assert sum(counts.values()) == len(CASES), "every case id starts with a category"
    assert len(CASES) >= 30 and all(counts.values()), counts


def test_check_command_reports_located_error_without_traceback(project: Path) -> None:
    """What an editor sees on a broken file: the located error, no Python traceback."""
    replace(NOTES, "    kind: event\n    title: Dawn", "\tkind: event\n    title: Dawn")(project)
    result = run_cli(project, "check")
    assert result.returncode == 1
    assert f"{NOTES}:" in result.stdout and ": error: YAML syntax error" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


# The pathological site, built by MkDocs ----------------------------------------------------------

@pytest.mark.build
def test_stress_site_builds_strict_well_formed_and_inert(tmp_path: Path) -> None:
    """Overlaps, nesting, cross-markup, Unicode and XSS payloads in every plain field, through
    MkDocs and the theme: the strict build passes, every page is well formed, nothing is active."""
    from fixturesite import make_stress_project
    from project import build_strict

    project = make_stress_project(tmp_path / "stress")
    site = build_strict(project)
    pages = {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8") for path in site.rglob("*.html")}
    assert len(pages) >= 6
    for name, page in pages.items():
        assert wellformed_errors(page) == [], name
        assert active_content(page) == [], name
        article = page[page.index('<article class="md-content__inner'):page.index("</article>")]
        assert unsafe_markup(article) == [], name
    essay = pages[f"{TEXT_ID}/index.html"]
    for note_id in note_ids_in_data(project, TEXT_ID):
        assert essay.count(f'id="note-{note_id}"') == 1, note_id
    strings = Rendered(build_edition(project), {"essay": essay}).strings()
    for payload in ('"><img src=x onerror="alert(1);window.__xss=1">', "Stress &lt;img src=x onerror=",
                    "</aside></div><script>alert(24);window.__xss=24</script>"):
        assert payload in strings, f"{payload!r} should be shown as text"


# Both layers, each on its own ---------------------------------------------------------------------

OWASP_VECTORS = [
    "<SCRIPT SRC=https://cdn.jsdelivr.net/gh/Moksh45/host-xss.rocks/index.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112"
    "&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083"
    "&#0000083&#0000039&#0000041\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;"
    "&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<SCRIPT/XSS SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
    "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<svg/onload=alert('XSS')>",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<STYLE>@import'http://xss.rocks/xss.css';</STYLE>",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K\">",
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.rocks/scriptlet.html\"></OBJECT>",
    "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiA+PC9zdmc+\">",
    "<form><button formaction=javascript:alert(1)>X</button></form>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "<a href=\"&#1;javascript:alert(1)\">x</a>",
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](  java&#09;script:alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
]


@pytest.mark.parametrize("vector", OWASP_VECTORS, ids=range(len(OWASP_VECTORS)))
def test_the_check_rejects_every_vector(vector: str) -> None:
    """Layer 1: each vector in a body is a located error, so nothing is dropped silently."""
    from marginalia.diagnostics import DiagnosticSink, Location
    from marginalia.markup.markdown_render import check_body
    from marginalia.markup.xrefs import Targets

    sink = DiagnosticSink()
    check_body(vector, lambda offset: Location(NOTES, 3, 11 + offset), "note 'x' (body)", sink, Targets())
    assert sink.has_errors, f"not reported: {vector!r}"


@pytest.mark.parametrize("vector", OWASP_VECTORS, ids=range(len(OWASP_VECTORS)))
def test_the_sanitizer_alone_leaves_nothing_active(vector: str) -> None:
    """Layer 2: were the check bypassed, rendering still yields inert HTML."""
    from marginalia.markup.markdown_render import render_body
    from marginalia.markup.xrefs import Targets

    rendered = render_body(vector, Targets(), "stress-essay/")
    assert unsafe_markup(rendered) == [], rendered
    assert wellformed_errors(rendered) == [], rendered
    assert not re.search(r"(?i)<(script|style|iframe|object|embed|form|input|base|meta|link|svg|math|img)\b",
                         rendered), rendered
