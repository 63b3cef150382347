/* From reader to contributor: select a passage of the essay, suggest a note or report a problem.

   Selecting words in the essay (mouse, touch, or a screen reader's / caret browsing's keyboard
   selection) shows a small box with two links to the repository's issue forms, prefilled with
   the passage and a W3C TextQuoteSelector that anchors exactly once in the essay. Nothing leaves
   the page until the reader follows a link; without `repo_url` (no data-repo on the essay) or
   without JavaScript the page is unchanged.

   The selector is computed over the essay's text only, the text the engine anchors notes
   against: the blocks (data-offset) joined by newlines, without the note markers, print
   references and other controls inserted into the page. `shortestUniqueContext` is the same
   algorithm as the engine's `shortest_unique_context` (hooks/marginalia/anchoring/
   context.py); tests/vectors/selectors.json holds cases both must agree on.

   Keyboard: once a selection exists, Tab (from no other control) moves to the box; Escape
   closes it. Readers who cannot select text reach a "Suggest a note on a paragraph" control at
   the end of each section, visually hidden until it has focus (one per section, not one per
   paragraph: 5 tab stops instead of 70, and nothing added for readers who can select). */
(function () {
  "use strict";

  /* ---------------------------------------------------------------- the shared algorithm */
  // Python's str.isspace(), so word rounding agrees with the engine character for character.
  var SPACE = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
  function isSpace(ch) { return SPACE.test(ch); }

  function occurrences(text, needle) {
    var found = [], at = text.indexOf(needle);
    while (at !== -1) { found.push(at); at = text.indexOf(needle, at + 1); }
    return found;
  }

  /* The shortest prefix/suffix that make text[start:end] anchor at exactly this range: grown
     together one character at a time, within the paragraph first, then rounded to word ends. */
  function shortestUniqueContext(text, start, end) {
    var exact = text.slice(start, end);
    var starts = occurrences(text, exact);
    function unique(p, s) {
      var prefix = p ? text.slice(start - p, start) : "", suffix = text.slice(end, end + s);
      var n = 0;
      for (var i = 0; i < starts.length; i++) {
        var at = starts[i];
        if (at >= prefix.length && text.startsWith(prefix, at - prefix.length) && text.startsWith(suffix, at + exact.length)) n++;
      }
      return n === 1;
    }
    if (unique(0, 0)) return { exact: exact, prefix: "", suffix: "" };
    var paraStart = start === 0 ? 0 : text.lastIndexOf("\n", start - 1) + 1;
    var paraEnd = text.indexOf("\n", end);
    if (paraEnd === -1) paraEnd = text.length;
    var limits = [[start - paraStart, paraEnd - end], [start, text.length - end]];
    for (var l = 0; l < limits.length; l++) {
      var found = grow(text, start, end, limits[l][0], limits[l][1], unique);
      if (found) return found;
    }
    return { exact: exact, prefix: text.slice(0, start), suffix: text.slice(end) };
  }

  function grow(text, start, end, maxPrefix, maxSuffix, unique) {
    var exact = text.slice(start, end);
    for (var g = 1; g <= Math.max(maxPrefix, maxSuffix); g++) {
      var tries = [[Math.min(g, maxPrefix), 0], [0, Math.min(g, maxSuffix)], [Math.min(g, maxPrefix), Math.min(g, maxSuffix)]];
      for (var t = 0; t < tries.length; t++) {
        var p = tries[t][0], s = tries[t][1];
        if (!unique(p, s)) continue;
        if (p) while (start - p > 0 && !isSpace(text[start - p - 1]) && p < start) p++;
        if (s) while (end + s < text.length && !isSpace(text[end + s])) s++;
        return { exact: exact, prefix: p ? text.slice(start - p, start) : "", suffix: text.slice(end, end + s) };
      }
    }
    return null;
  }

  /* A selection's essay range without the blanks at either end (a quote never starts or ends
     with a space or a line break). */
  function trimRange(text, start, end) {
    while (start < end && isSpace(text[start])) start++;
    while (end > start && isSpace(text[end - 1])) end--;
    return [start, end];
  }

  var core = { shortestUniqueContext: shortestUniqueContext, trimRange: trimRange, isSpace: isSpace };
  if (typeof module === "object" && module.exports) { module.exports = core; return; }  // Node: the test vectors

  /* ---------------------------------------------------------------- the page's essay text */
  var KINDS = ["context", "person", "event", "institution", "fact-check", "translation"];
  // Inserted into the blocks by the engine or edition.js, not part of the essay's text.
  var NOT_TEXT = ".anno-marker, .anno-ref, .headerlink, .anno-sg, button, script, style, template";
  var cleanups = [];
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function listen(target, type, fn, opts) {
    target.addEventListener(type, fn, opts);
    cleanups.push(function () { target.removeEventListener(type, fn, opts); });
  }

  /* The essay text as the engine has it, and where each of its characters is on the page. Null
     when the page does not add up (a block's offset disagrees): then the page offers nothing,
     rather than a selector that would anchor somewhere else. */
  function readEssay(essay) {
    var text = "", segs = [], byNode = new Map(), blocks = [], notes = [];
    function walk(el) {
      for (var child = el.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === 3) {
          var seg = { node: child, start: text.length, end: text.length + child.data.length, notes: notes.slice() };
          text += child.data;
          segs.push(seg); byNode.set(child, seg);
        } else if (child.nodeType === 1) {
          if (child.tagName === "BR") { text += "\n"; continue; }
          if (child.matches(NOT_TEXT)) continue;
          var note = child.getAttribute("data-note");
          if (note) notes.push(note);
          walk(child);
          if (note) notes.pop();
        }
      }
    }
    var els = $$("[data-offset]", essay);
    for (var i = 0; i < els.length; i++) {
      if (i) text += "\n";
      if (parseInt(els[i].getAttribute("data-offset"), 10) !== text.length) return null;
      blocks.push({ el: els[i], start: text.length, section: els[i].getAttribute("data-section") || "0" });
      walk(els[i]);
      blocks[blocks.length - 1].end = text.length;
    }
    var spans = {};
    segs.forEach(function (seg) {
      seg.notes.forEach(function (id) {
        var span = spans[id] || (spans[id] = { id: id, start: seg.start, end: seg.end });
        span.start = Math.min(span.start, seg.start); span.end = Math.max(span.end, seg.end);
      });
    });
    return { text: text, segs: segs, byNode: byNode, blocks: blocks, spans: spans };
  }

  /* Essay offset of a DOM boundary point. A point inside something that is not essay text (a
     marker, a note, the page header) moves to the nearest essay character inside the selection. */
  function offsetOf(model, node, offset, isEnd) {
    var seg = model.byNode.get(node);
    if (seg) return seg.start + Math.min(offset, seg.end - seg.start);
    var probe = document.createRange();
    try { probe.setStart(node, offset); } catch (e) { return isEnd ? 0 : model.text.length; }
    var lo = 0, hi = model.segs.length;
    while (lo < hi) {  // first segment at or after the point
      var mid = (lo + hi) >> 1;
      if (probe.comparePoint(model.segs[mid].node, 0) >= 0) hi = mid; else lo = mid + 1;
    }
    if (isEnd) return lo ? model.segs[lo - 1].end : 0;
    return lo < model.segs.length ? model.segs[lo].start : model.text.length;
  }

  function blockAt(model, offset) {
    var found = model.blocks[0];
    model.blocks.forEach(function (b) { if (b.start <= offset) found = b; });
    return found;
  }

  /* What the page knows about a passage: its selector, section, and the innermost note whose
     passage holds it. */
  function describe(model, start, end) {
    var trimmed = trimRange(model.text, start, end);
    start = trimmed[0]; end = trimmed[1];
    if (end <= start) return null;
    var passage = { start: start, end: end, exact: model.text.slice(start, end) };
    if (passage.exact.indexOf("\n") !== -1) { passage.multi = true; return passage; }
    passage.selector = shortestUniqueContext(model.text, start, end);
    passage.section = blockAt(model, start).section;
    var inner = null;
    Object.keys(model.spans).forEach(function (id) {
      var s = model.spans[id];
      if (s.start <= start && end <= s.end && (!inner || s.end - s.start < inner.end - inner.start)) inner = s;
    });
    passage.note = inner ? inner.id : "";
    return passage;
  }

  function permalink(id) {
    var canonical = document.querySelector('link[rel="canonical"]');
    return (canonical ? canonical.href.split("#")[0] : location.origin + location.pathname) + "#note-" + id;
  }

  /* GitHub's new-issue page with an issue form, its fields prefilled by id. */
  function issueUrl(repo, template, passage, kind) {
    var fields = [["template", template], ["quote", passage.selector.exact], ["prefix", passage.selector.prefix],
                  ["suffix", passage.selector.suffix], ["section", passage.section]];
    if (passage.note) fields.push(["note", permalink(passage.note)]);
    if (kind) fields.push(["kind", kind]);
    return repo + "/issues/new?" + fields.filter(function (f) { return f[1] !== ""; }).map(function (f) {
      return f[0] + "=" + encodeURIComponent(f[1]);
    }).join("&");
  }

  /* ---------------------------------------------------------------- the box */
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }
  function shorten(s, n) { return s.length > n ? s.slice(0, n - 1) + "…" : s; }

  function makeBox(essay, repo) {
    var box = el("div", "anno-sg anno-sg-box");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Selected passage");
    box.hidden = true;
    var quote = el("p", "anno-sg-box__quote");
    var row = el("p", "anno-sg-box__row");
    var label = el("label", "anno-sg-box__kind", "Kind ");
    var select = el("select");
    select.appendChild(new Option("not sure", ""));
    KINDS.forEach(function (k) { select.appendChild(new Option(k, k)); });
    label.appendChild(select);
    var suggest = el("a", "anno-sg-box__suggest", "Suggest a note");
    var report = el("a", "anno-sg-box__report", "Report a problem");
    var close = el("button", "anno-sg-box__close", "×");
    close.type = "button"; close.setAttribute("aria-label", "Close");
    [suggest, report].forEach(function (a) { a.rel = "noopener noreferrer"; });
    row.appendChild(label); row.appendChild(suggest); row.appendChild(document.createTextNode(" ")); row.appendChild(report);
    box.appendChild(close); box.appendChild(quote); box.appendChild(row);
    var state = { box: box, passage: null };
    function refresh() {
      if (!state.passage) return;
      if (state.passage.multi) { suggest.removeAttribute("href"); report.removeAttribute("href"); return; }
      suggest.href = issueUrl(repo, "suggest-note.yml", state.passage, select.value);
      report.href = issueUrl(repo, "report-problem.yml", state.passage, "");
    }
    listen(select, "change", refresh);
    listen(close, "click", function () { hide(state); });
    state.show = function (passage, after, rect) {
      state.passage = passage;
      quote.textContent = passage.multi ? "A note’s passage lies within one paragraph: select words of one paragraph."
        : "“" + shorten(passage.exact, 90) + "”";
      row.hidden = !!passage.multi;
      refresh();
      // After the selection's block in the document: Tab from the selection reaches the box.
      if (box.previousElementSibling !== after) after.after(box);
      box.hidden = false;
      var frame = essay.getBoundingClientRect();
      box.style.top = Math.round(rect.bottom - frame.top + 8) + "px";
      box.style.left = Math.max(0, Math.min(Math.round(rect.left - frame.left), essay.clientWidth - box.offsetWidth)) + "px";
    };
    return state;
  }

  function hide(state) {
    state.box.hidden = true;
    state.passage = null;
  }

  /* "Suggest a note on a paragraph", one per section, after the section's last block. */
  function paragraphControls(essay, model, repo) {
    var bySection = {};
    model.blocks.forEach(function (b) {
      if (b.el.tagName !== "P" || b.el.classList.contains("anno-byline")) return;
      (bySection[b.section] = bySection[b.section] || []).push(b);
    });
    Object.keys(bySection).forEach(function (section) {
      var blocks = bySection[section];
      var wrap = el("div", "anno-sg anno-sg-para");
      wrap.setAttribute("role", "group");
      wrap.setAttribute("aria-label", section === "0" ? "Suggest a note on the front matter" : "Suggest a note on section " + section);
      var label = el("label", "", "Suggest a note on paragraph ");
      var select = el("select");
      blocks.forEach(function (b, i) {
        var words = model.text.slice(b.start, b.end).split(/\s+/).slice(0, 6).join(" ");
        select.appendChild(new Option((i + 1) + ": " + words + "…", String(i)));
      });
      label.appendChild(select);
      var link = el("a", "", "Suggest a note on this paragraph");
      link.rel = "noopener noreferrer";
      function refresh() {
        var b = blocks[parseInt(select.value, 10)];
        var passage = describe(model, b.start, b.end);
        if (passage && !passage.multi) link.href = issueUrl(repo, "suggest-note.yml", passage, "");
      }
      listen(select, "change", refresh);
      refresh();
      wrap.appendChild(label); wrap.appendChild(document.createTextNode(" ")); wrap.appendChild(link);
      var last = blocks[blocks.length - 1].el;
      var anchor = last.parentElement && last.parentElement.classList.contains("anno-block") ? last.parentElement : last;
      anchor.after(wrap);
    });
  }

  function bind(essay) {
    var repo = essay.getAttribute("data-repo");
    if (!repo || !/^https:\/\//.test(repo)) return;
    $$(".anno-sg", essay).forEach(function (n) { n.remove(); });  // a second run on the same page
    var model = readEssay(essay);
    if (!model || !model.blocks.length) return;
    var state = makeBox(essay, repo);
    paragraphControls(essay, model, repo);
    var live = el("p", "anno-sg md-visually-hidden");
    live.setAttribute("role", "status");
    essay.appendChild(live);
    var pointerInBox = false, timer = 0, announced = "";

    function update() {
      timer = 0;
      var sel = window.getSelection();
      if (!sel || sel.rangeCount === 0 || sel.isCollapsed) {
        if (!pointerInBox && !state.box.contains(document.activeElement)) hide(state);
        return;
      }
      var range = sel.getRangeAt(0);
      if (state.box.contains(range.commonAncestorContainer)) return;  // text of the box itself
      if (!essay.contains(range.commonAncestorContainer)) { hide(state); return; }
      var start = offsetOf(model, range.startContainer, range.startOffset, false);
      var end = offsetOf(model, range.endContainer, range.endOffset, true);
      var passage = end > start ? describe(model, start, end) : null;
      if (!passage) { hide(state); return; }
      var rects = range.getClientRects();
      var rect = rects.length ? rects[rects.length - 1] : range.getBoundingClientRect();
      state.show(passage, blockAt(model, passage.end).el, rect);
      var message = passage.multi ? "Selection spans paragraphs; select within one to suggest a note."
        : "Passage selected. Press Tab to suggest a note or report a problem.";
      if (message !== announced) { announced = message; live.textContent = message; }
    }
    listen(document, "selectionchange", function () {
      if (timer) clearTimeout(timer);
      timer = setTimeout(update, 120);  // touch handles and Shift+arrows fire many changes
    });
    cleanups.push(function () { if (timer) clearTimeout(timer); });
    listen(state.box, "pointerdown", function () { pointerInBox = true; });
    listen(document, "pointerup", function () { setTimeout(function () { pointerInBox = false; }, 0); });
    listen(document, "keydown", function (event) {
      if (state.box.hidden) return;
      if (event.key === "Escape") { hide(state); return; }
      if (event.key !== "Tab" || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return;
      var active = document.activeElement;
      if (active && active !== document.body && !essay.contains(active)) return;
      if (active && state.box.contains(active)) return;
      if (active && active !== document.body && active.matches("a, button, input, select, textarea, [tabindex]")) return;
      event.preventDefault();
      (state.passage && state.passage.multi ? state.box.querySelector("button") : state.box.querySelector("select")).focus();
    });
  }

  function init() {
    cleanups.splice(0).forEach(function (fn) { fn(); });
    $$(".anno-essay").forEach(bind);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
