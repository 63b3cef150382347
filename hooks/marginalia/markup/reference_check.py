"""The one checker of cross-references: kind, resolution within the scope text, and what to write instead.

Note bodies, glossary entries and docs pages all come here, with the references the Markdown
parser found (so a reference shown in code is never checked) and a function that turns an offset
into a file location.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from marginalia.diagnostics import DiagnosticSink, Location
from marginalia.loading.schema import closest
from marginalia.markup.xrefs import KINDS, SCOPED_KINDS, Targets, XrefUse

EXAMPLE = "[[term:asian-nato]]"


def check_references(uses: Iterable[XrefUse], locate: Callable[[int], Location], what: str,
                     sink: DiagnosticSink, targets: Targets, scope: str | None) -> None:
    for use in uses:
        where = locate(use.start)
        if use.kind not in KINDS:
            sink.error(where, f"unknown cross-reference kind '{use.kind}' in {what}",
                       f"allowed kinds: {', '.join(KINDS)} (e.g. {EXAMPLE})")
        elif targets.resolve(use.kind, use.id, scope) is None:
            sink.error(where, f"unresolved cross-reference [[{use.kind}:{use.id}]] in {what}",
                       *unresolved_hints(use, targets, scope))


def unresolved_hints(use: XrefUse, targets: Targets, scope: str | None) -> list[str]:
    kind, ref = use.kind, use.id
    if kind not in SCOPED_KINDS:
        if "/" in ref:
            return [f"{kind}s are shared by all texts: write [[{kind}:{ref.rsplit('/', 1)[1]}]]"]
        return _did_you_mean(kind, ref, targets.ids(kind), f"no {kind} has the id '{ref}'")
    if "/" in ref:
        text, _, local = ref.partition("/")
        if text not in targets.texts:
            return _did_you_mean(kind, ref, targets.ids(kind), f"there is no text '{text}'; texts: {', '.join(targets.texts)}")
        return _did_you_mean(kind, ref, _in_text(targets, kind, text), f"text '{text}' has no {kind} '{local}'")
    text = targets.scope(scope)
    elsewhere = [full for full in targets.ids(kind) if full.endswith(f"/{ref}")]
    if text is None:
        fix = f"[[{kind}:{elsewhere[0]}]]" if elsewhere else f"[[{kind}:<text>/{ref}]]"
        return [f"the edition has {len(targets.texts)} texts and this reference does not say which one it means",
                f"hint: write {fix}, or give the page a `text: <text-id>` front-matter key"]
    if elsewhere:
        return [f"{kind} '{ref}' is not in '{text}', the text this reference belongs to; "
                f"to link into another text, write [[{kind}:{elsewhere[0]}]]"]
    local_ids = [full.partition("/")[2] for full in _in_text(targets, kind, text)]
    return _did_you_mean(kind, ref, local_ids, f"text '{text}' has no {kind} '{ref}'")


def _in_text(targets: Targets, kind: str, text: str) -> list[str]:
    return [full for full in targets.ids(kind) if full.startswith(f"{text}/")]


def _did_you_mean(kind: str, ref: str, candidates: list[str], otherwise: str) -> list[str]:
    suggestion = closest(ref, candidates)
    return [f"did you mean [[{kind}:{suggestion}]]?"] if suggestion else [otherwise]
