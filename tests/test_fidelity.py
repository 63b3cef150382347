"""The edition keeps every word of the source: rendered text == seed + declared emendations."""
from __future__ import annotations

from pathlib import Path

import yaml

from htmlcheck import TEXT_ID, essay_blocks
from project import ROOT


def apply_declared_emendations(seed: str, emendations: list[dict]) -> str:
    """Apply each declared emendation to the seed, independently of the engine's code."""
    result = seed
    # Apply from the end so earlier positions stay valid.
    located = []
    for item in emendations:
        needle = item.get("prefix", "") + item["original"] + item.get("suffix", "")
        assert seed.count(needle) == 1, f"{item['id']}: context must be unique in the seed"
        located.append((seed.index(needle) + len(item.get("prefix", "")), item))
    for position, item in sorted(located, key=lambda pair: pair[0], reverse=True):
        assert result[position:position + len(item["original"])] == item["original"]
        result = result[:position] + item["reading"] + result[position + len(item["original"]):]
    return result


def test_seed_is_byte_identical_to_the_text_as_received() -> None:
    received = ROOT.parent / "shared" / "seeds" / f"{TEXT_ID}.txt"
    ours = ROOT / "seeds" / f"{TEXT_ID}.txt"
    if received.exists():
        assert ours.read_bytes() == received.read_bytes()
    assert ours.read_text(encoding="utf-8").count("?") == 46


def test_all_46_lost_dashes_are_declared() -> None:
    data = yaml.safe_load((ROOT / "annotations" / TEXT_ID / "emendations.yml").read_text(encoding="utf-8"))
    emendations = data["emendations"]
    assert len(emendations) == 46
    assert {e["original"] for e in emendations} == {"?"}
    assert {e["reading"] for e in emendations} <= {"\u2013", "\u2014"}
    seed = (ROOT / "seeds" / f"{TEXT_ID}.txt").read_text(encoding="utf-8")
    assert "?" not in apply_declared_emendations(seed, emendations)


def test_rendered_essay_equals_seed_with_exactly_the_declared_emendations(built_site: Path) -> None:
    page = (built_site / TEXT_ID / "index.html").read_text(encoding="utf-8")
    rendered = essay_blocks(page)
    seed = (ROOT / "seeds" / f"{TEXT_ID}.txt").read_text(encoding="utf-8")
    emendations = yaml.safe_load((ROOT / "annotations" / TEXT_ID / "emendations.yml").read_text(encoding="utf-8"))
    expected = [line for line in apply_declared_emendations(seed, emendations["emendations"]).split("\n") if line.strip()]
    # Line by line, so a failure names the paragraph that lost or gained words.
    assert len(rendered) == len(expected), "a block of the essay was lost or added"
    for number, (got, want) in enumerate(zip(rendered, expected), start=1):
        assert got == want, f"block {number} differs from the source"
    # The only seed lines without a block on the page are blank ones.
    assert sum(1 for line in seed.split("\n") if not line.strip()) == len(seed.split("\n")) - len(expected)


def test_every_emended_character_is_marked_on_the_page(built_site: Path) -> None:
    page = (built_site / TEXT_ID / "index.html").read_text(encoding="utf-8")
    assert page.count('class="anno-emend"') == 46
    assert page.count("data-emendation=") == 46
