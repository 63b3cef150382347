"""Edit distance (Levenshtein) with Myers' bit-parallel algorithm: whole strings, and the best
alignment of a pattern anywhere in a text. The arithmetic of fuzzy anchoring, nothing more."""
from __future__ import annotations


def myers_scores(pattern: str, text: str, anchored: bool) -> list[int]:
    """Myers' bit-parallel edit distance, one value per character of `text` consumed.

    Unanchored (search): value j is the least edit distance between `pattern` and any substring of
    text ending at j + 1. Anchored: value j is the edit distance between `pattern` and text[:j + 1].
    O(len(text)) big-integer operations, so searching the whole essay stays cheap.
    """
    length = len(pattern)
    if length == 0:
        return [0] * len(text)
    peq: dict[str, int] = {}
    for index, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << index)
    mask = (1 << length) - 1
    last = 1 << (length - 1)
    carry = 1 if anchored else 0  # anchored: row 0 grows by one per text character
    pv, mv, score = mask, 0, length
    scores: list[int] = []
    for char in text:
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & last:
            score += 1
        elif mh & last:
            score -= 1
        ph = ((ph << 1) | carry) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        scores.append(score)
    return scores


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance between two strings."""
    if not a or not b:
        return len(a) + len(b)
    return myers_scores(a, b, anchored=True)[-1]


def best_alignment_ending_at(text: str, end: int, pattern: str, slack: int) -> tuple[int, int]:
    """(errors, start) of the closest match of `pattern` to text[start:end], start chosen freely.
    On equal errors the passage closest to the pattern's length wins, so a passage never loses
    a closing character that costs nothing to keep."""
    window = text[max(0, end - len(pattern) - slack):end][::-1]
    scores = myers_scores(pattern[::-1], window, anchored=True)
    best_errors, best_length = len(pattern), 0  # the empty alignment: delete the whole pattern
    for index, errors in enumerate(scores):
        length = index + 1
        if (errors, abs(length - len(pattern))) < (best_errors, abs(best_length - len(pattern))):
            best_errors, best_length = errors, length
    return best_errors, end - best_length


def best_alignment_starting_at(text: str, start: int, pattern: str, slack: int) -> int:
    """Errors of the closest match of `pattern` to text[start:end], end chosen freely."""
    window = text[start:start + len(pattern) + slack]
    return min([len(pattern), *myers_scores(pattern, window, anchored=True)])


def approximate_matches(text: str, pattern: str, max_errors: int) -> list[tuple[int, int, int]]:
    """(start, end, errors) of passages within `max_errors` edits of `pattern`, one per local best."""
    scores = myers_scores(pattern, text, anchored=False)
    found: dict[tuple[int, int], int] = {}
    for index, errors in enumerate(scores):
        if errors > max_errors:
            continue
        if index > 0 and scores[index - 1] < errors or index + 1 < len(scores) and scores[index + 1] < errors:
            continue  # a neighbouring end aligns better: same passage, worse fit
        end = index + 1
        errors_here, start = best_alignment_ending_at(text, end, pattern, max_errors)
        found.setdefault((start, end), errors_here)
    return [(start, end, errors) for (start, end), errors in sorted(found.items())]


def closest_alignment(text: str, pattern: str) -> tuple[int, int, int] | None:
    """(start, end, errors) of the passage of `text` closest to `pattern`, whatever its distance;
    one Myers pass, for "did you mean" hints when nothing is within an error budget."""
    if not pattern or not text:
        return None
    scores = myers_scores(pattern, text, anchored=False)
    errors = min(scores)
    end = scores.index(errors) + 1
    errors, start = best_alignment_ending_at(text, end, pattern, len(pattern))
    return start, end, errors
