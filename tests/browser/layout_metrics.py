"""Where the margin notes land: for every note shown in the margin, how far its top sits below the
top of its passage, and whether any note overlaps another note or the text.

Used by the browser tests (`measure(page)`, with any page that has `evaluate`) and by
layout_figures.py, which prints the figures of every essay page on every engine.
"""
from __future__ import annotations

import os
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Runs in the page. Geometry is in document coordinates (scroll offsets added) so that the figures
# do not depend on where the page happens to be scrolled.
_MEASURE_JS = r"""
() => {
  const doc = (r) => ({top: r.top + scrollY, bottom: r.bottom + scrollY,
                       left: r.left + scrollX, right: r.right + scrollX});
  const shown = (el) => {
    const style = getComputedStyle(el);
    return el.getClientRects().length > 0 && style.visibility !== "hidden" && style.display !== "none";
  };
  const notes = [];
  for (const essay of document.querySelectorAll(".anno-essay")) {
    for (const note of essay.querySelectorAll(".anno-note")) {
      if (!shown(note)) continue;
      const id = note.id.replace(/^note-/, "");
      const passage = essay.querySelector(`[data-note="${CSS.escape(id)}"]`);
      const first = passage ? passage.getClientRects()[0] : null;
      notes.push({id, kind: note.dataset.noteKind, box: doc(note.getBoundingClientRect()),
                  passageTop: first ? first.top + scrollY : null});
    }
  }
  // The text: every rendered line box of the essay that is not inside a note.
  const text = [];
  for (const essay of document.querySelectorAll(".anno-essay")) {
    const walker = document.createTreeWalker(essay, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      const parent = node.parentElement;
      if (parent.closest(".anno-note, .anno-tips, [hidden]") || !shown(parent)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) {
        if (rect.width > 0 && rect.height > 0) text.push({box: doc(rect), where: parent.tagName.toLowerCase()});
      }
    }
  }
  const footer = document.querySelector(".md-footer");
  return {notes, text, footer: footer ? doc(footer.getBoundingClientRect()) : null,
          viewport: {width: innerWidth, height: innerHeight},
          scrollWidth: document.documentElement.scrollWidth};
}
"""


@dataclass(frozen=True)
class Box:
    top: float
    bottom: float
    left: float
    right: float

    def overlaps(self, other: Box) -> bool:
        # A shared edge is not an overlap; sub-pixel rounding is forgiven.
        return (min(self.bottom, other.bottom) - max(self.top, other.top) > 0.5
                and min(self.right, other.right) - max(self.left, other.left) > 0.5)


@dataclass(frozen=True)
class Placement:
    note_id: str
    kind: str
    box: Box
    passage_top: float | None

    @property
    def displacement(self) -> float | None:
        """How far the note's top sits below its passage's top (negative: above it)."""
        return None if self.passage_top is None else self.box.top - self.passage_top


@dataclass(frozen=True)
class LayoutReport:
    placements: tuple[Placement, ...]
    note_overlaps: tuple[tuple[str, str], ...]
    text_overlaps: tuple[tuple[str, str], ...]  # (note id, tag of the overlapped text)
    footer_overlaps: tuple[str, ...]
    viewport_width: int
    scroll_width: int

    @property
    def displacements(self) -> list[float]:
        return [p.displacement for p in self.placements if p.displacement is not None]

    @property
    def median(self) -> float:
        return statistics.median(self.displacements) if self.displacements else 0.0

    @property
    def maximum(self) -> float:
        return max(self.displacements, default=0.0)

    @property
    def largest_upward(self) -> float:
        """How far the highest note starts above its passage (0 if none does)."""
        return max((-d for d in self.displacements), default=0.0) if self.displacements else 0.0

    def summary(self) -> str:
        return (f"notes in margin: {len(self.placements)}; displacement median {self.median:.0f} px, "
                f"max {self.maximum:.0f} px, furthest above its passage {max(self.largest_upward, 0):.0f} px; "
                f"note/note overlaps {len(self.note_overlaps)}, note/text overlaps {len(self.text_overlaps)}, "
                f"note/footer overlaps {len(self.footer_overlaps)}")


def _box(raw: dict[str, float]) -> Box:
    return Box(raw["top"], raw["bottom"], raw["left"], raw["right"])


def measure(page: Any) -> LayoutReport:
    """Measure the notes of the page currently open in a Playwright page."""
    raw = page.evaluate(_MEASURE_JS)
    placements = tuple(Placement(n["id"], n["kind"], _box(n["box"]), n["passageTop"]) for n in raw["notes"])
    note_overlaps = tuple((a.note_id, b.note_id) for i, a in enumerate(placements) for b in placements[i + 1:]
                          if a.box.overlaps(b.box))
    text_overlaps = tuple(sorted({(p.note_id, t["where"]) for p in placements for t in raw["text"]
                                  if p.box.overlaps(_box(t["box"]))}))
    footer = _box(raw["footer"]) if raw["footer"] else None
    footer_overlaps = tuple(p.note_id for p in placements if footer and p.box.overlaps(footer))
    return LayoutReport(placements, note_overlaps, text_overlaps, footer_overlaps,
                        raw["viewport"]["width"], raw["scrollWidth"])


def essay_pages(site: Path) -> list[str]:
    """URL paths of the built pages that hold an annotated essay."""
    return sorted(str(path.parent.relative_to(site)).replace(os.sep, "/") + "/"
                  for path in site.rglob("index.html") if 'class="anno-essay"' in path.read_text(encoding="utf-8"))
