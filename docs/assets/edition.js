/* The annotated edition's reader behaviour.

   Progressive enhancement: without this script every note is readable beside or after its
   paragraph. The script runs on every page swap of Material's instant navigation (document$)
   and is safe to run twice on the same page: changes to the page are made once (guarded by
   data-anno-ready), listeners are removed and bound again on every run.

   Wide screens (>= 1200px): notes go into a margin column beside their passage. Where notes
   crowd, the layout moves a note up by at most a line, pushes later notes down only as far as
   needed, and shows some crowded notes as a heading only (their text opens on demand), so that
   no note ends up far from its passage. Narrow screens: the marker after a passage opens its
   note in place. */
(function () {
  "use strict";

  /* ---------------------------------------------------------------- margin layout, pure

     No DOM here: the positions of the margin notes from numbers alone, so that Node.js can test
     it (tests/browser/test_layout_logic.py requires this file; it stops below, before any use
     of the browser). */
  var GAP = 6;              // px between two notes in the margin

  /* Positions for notes sorted by passage: each note as near its passage as it can be, none
     overlapping. The forward pass finds the highest top each note can have (at most `lift`
     above its passage, below the previous note); the backward pass lowers notes toward their
     passage wherever the next note leaves room. A pushed-down note therefore sits as high as
     the notes before it allow, and the first note of a crowded run rises by up to `lift`. */
  function place(items, lift) {
    var bottom = -Infinity;
    items.forEach(function (it) {
      it.h = it.folded ? it.hFolded : it.hFull;
      it.lo = Math.max(it.passage - lift, 0, bottom + GAP);
      bottom = it.lo + it.h;
    });
    var next = Infinity;
    for (var i = items.length - 1; i >= 0; i--) {
      var it = items[i];
      it.top = Math.min(Math.max(it.passage, it.lo), next - it.h - GAP);
      next = it.top;
    }
  }

  /* Fold crowded notes (heading only) until every note is within `budget` of its passage, or
     nothing more can be folded. A note is only pushed down by the notes just above it, so the
     note folded is the tallest of that touching run; notes the reader opened stay open. Folding
     the tallest first can fold more than needed, so a last pass unfolds every note that fits. */
  function worst(items) {
    return items.reduce(function (m, it) { return Math.max(m, it.top - it.passage); }, -Infinity);
  }
  function fit(items, lift, budget) {
    items.forEach(function (it) { it.folded = it.choice === "closed"; });
    for (var guard = 0; guard <= items.length; guard++) {
      place(items, lift);
      var folded = false;
      for (var i = 1; i < items.length && !folded; i++) {
        if (items[i].top - items[i].passage <= budget) continue;
        var best = null;
        for (var k = i - 1; k >= 0; k--) {
          var it = items[k];
          if (!it.folded && it.choice !== "open" && (!best || it.hFull - it.hFolded > best.hFull - best.hFolded)) best = it;
          if (k > 0 && it.top - (items[k - 1].top + items[k - 1].h) > GAP + 0.5) break;  // start of the run
        }
        if (best && best.hFull > best.hFolded) { best.folded = true; folded = true; }
      }
      if (!folded) break;
    }
    var limit = Math.max(budget, worst(items));
    items.forEach(function (it) {
      if (!it.folded || it.choice === "closed") return;
      it.folded = false;
      place(items, lift);
      if (worst(items) > limit) it.folded = true;
    });
    place(items, lift);
  }

  /* The margin layout as a pure function. `notes`, in document order: {passage (top of the
     passage, px), hFull, hFolded (the note's two heights), choice ("open", "closed" or "")}.
     Returns, in the same order, {top, folded, height}; `notes` is not changed. Notes are laid
     out in passage order (document order among equal passages). */
  function arrange(notes, lift, budget) {
    var items = notes.map(function (n, index) {
      return { passage: n.passage, hFull: n.hFull, hFolded: n.hFolded, choice: n.choice || "", index: index };
    });
    var sorted = items.slice().sort(function (a, b) { return a.passage - b.passage || a.index - b.index; });
    fit(sorted, lift, budget);
    return items.map(function (it) { return { top: it.top, folded: it.folded, height: it.h }; });
  }

  if (typeof module === "object" && module && module.exports) {  // Node.js: the layout tests
    module.exports = { arrange: arrange, GAP: GAP };
    return;
  }

  var WIDE = window.matchMedia("(min-width: 1200px)");
  var STORE = "anno-reading-v1";
  var KINDS = ["context", "person", "event", "institution", "fact-check", "translation"];
  var LIFT_LINES = 1;       // a note may start this many text lines above its passage
  var BUDGET_LINES = 3;     // crowded notes are folded until none sits more lines below its passage
  var cleanups = [];

  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function cssEscape(s) { return window.CSS && CSS.escape ? CSS.escape(s) : String(s).replace(/[^a-z0-9_-]/gi, "\\$&"); }
  function listen(target, type, fn, opts) {
    target.addEventListener(type, fn, opts);
    cleanups.push(function () { target.removeEventListener(type, fn, opts); });
  }
  function idOf(note) { return note.id.replace(/^note-/, ""); }
  function noteById(id) { var n = document.getElementById("note-" + id); return n && n.classList.contains("anno-note") ? n : null; }
  function markerFor(essay, id) { return essay.querySelector('.anno-marker[data-note-marker="' + cssEscape(id) + '"]'); }
  function passageOf(essay, id) { return essay.querySelector('[data-note="' + cssEscape(id) + '"]'); }
  function numberOf(note) { return note.getAttribute("data-note-number") || ""; }
  function titleOf(note) { var t = note.querySelector(".anno-note__title"); return t ? t.textContent.trim() : ""; }
  /* Text of an element without the note markers inside it. */
  function plainText(el) {
    if (!el) return "";
    var copy = el.cloneNode(true);
    $$(".anno-marker, .anno-ref, .headerlink", copy).forEach(function (m) { m.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  /* ---------------------------------------------------------------- reading state */
  function loadState() {
    var state = { show: true, kinds: {} };
    try {
      var saved = JSON.parse(localStorage.getItem(STORE) || "null");
      if (saved && typeof saved === "object") state = { show: saved.show !== false, kinds: saved.kinds || {} };
    } catch (e) { /* storage unavailable (private mode): the URL still carries the state */ }
    var params = new URLSearchParams(location.search);
    if (params.has("notes")) state.show = params.get("notes") !== "off";
    if (params.has("kinds")) {
      var wanted = params.get("kinds").split(",");
      KINDS.forEach(function (k) { state.kinds[k] = wanted.indexOf(k) !== -1; });
    }
    return state;
  }
  function saveState(state) { try { localStorage.setItem(STORE, JSON.stringify(state)); } catch (e) { /* see loadState */ } }
  function syncUrl(state) {
    var params = new URLSearchParams(location.search);
    if (state.show) params.delete("notes"); else params.set("notes", "off");
    var off = KINDS.filter(function (k) { return state.kinds[k] === false; });
    if (off.length) params.set("kinds", KINDS.filter(function (k) { return state.kinds[k] !== false; }).join(","));
    else params.delete("kinds");
    var query = params.toString();
    history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }
  function kindShown(state, kind) { return state.kinds[kind] !== false; }

  /* ---------------------------------------------------------------- margin layout */

  function clearLayout(essay) {
    $$(".anno-note", essay).forEach(function (n) { n.style.top = ""; n.classList.remove("is-placed", "is-compact"); });
    essay.style.minHeight = "";
  }

  function layout(essay) {
    if (!WIDE.matches || essay.classList.contains("notes-hidden")) { clearLayout(essay); updateAria(essay); return; }
    var notes = $$(".anno-note", essay).filter(function (n) { return !n.classList.contains("anno-filtered"); });
    $$(".anno-note.anno-filtered", essay).forEach(function (n) { n.classList.remove("is-placed"); });
    var origin = essay.getBoundingClientRect().top;
    var items = notes.map(function (note) {
      var passage = passageOf(essay, idOf(note));
      var rect = passage && passage.getClientRects()[0];
      return { note: note, passage: rect ? rect.top - origin : 0, choice: note.getAttribute("data-anno-choice") || "" };
    });
    // Both heights of every note, in two reflows rather than one per note.
    items.forEach(function (it) { it.note.classList.add("is-compact"); });
    items.forEach(function (it) { it.hFolded = it.note.getBoundingClientRect().height; });
    items.forEach(function (it) { it.note.classList.remove("is-compact"); });
    items.forEach(function (it) { it.hFull = it.note.getBoundingClientRect().height; });

    var line = parseFloat(getComputedStyle(essay.querySelector("p") || essay).lineHeight) || 24;
    var placed = arrange(items, LIFT_LINES * line, BUDGET_LINES * line);

    var bottom = 0;
    items.forEach(function (it, i) {
      var at = placed[i];
      it.note.style.top = Math.round(at.top) + "px";
      it.note.classList.toggle("is-compact", at.folded);
      it.note.classList.add("is-placed");
      bottom = Math.max(bottom, at.top + at.height);
    });
    // The margin may run past the end of the text: the essay grows so no note meets the footer.
    essay.style.minHeight = Math.ceil(bottom) + "px";
    updateAria(essay);
  }

  /* ARIA of markers and note toggles for the current screen width and note states. */
  function updateAria(essay) {
    var wide = WIDE.matches;
    $$(".anno-note", essay).forEach(function (note) {
      var id = idOf(note), marker = markerFor(essay, id), toggle = note.querySelector(".anno-note__toggle");
      if (marker) {
        // Narrow: the marker opens and closes the note. Wide: the note is in the margin and the
        // marker takes the reader to it, so it has no expanded state.
        if (wide) marker.removeAttribute("aria-expanded");
        else marker.setAttribute("aria-expanded", String(note.classList.contains("is-open")));
      }
      if (toggle) {
        if (wide) {
          toggle.setAttribute("aria-expanded", String(!note.classList.contains("is-compact")));
          toggle.setAttribute("aria-label", "Note " + numberOf(note) + " in full");
        } else {
          toggle.removeAttribute("aria-expanded");
          toggle.setAttribute("aria-label", "Close note " + numberOf(note));
        }
      }
    });
  }

  /* ---------------------------------------------------------------- changes made once per page */
  function enhanceNote(note) {
    // The head gets a toggle (wide: fold and unfold a crowded note; narrow: close the note).
    var head = note.querySelector(".anno-note__head");
    if (head && !head.querySelector(".anno-note__toggle")) {
      var toggle = document.createElement("button");
      toggle.type = "button"; toggle.className = "anno-note__toggle";
      toggle.setAttribute("aria-controls", note.id);
      head.appendChild(toggle);
    }
    // One short line under the note text: "More" (detail, sources, links) and the actions.
    if (note.querySelector(".anno-note__foot")) return;
    var foot = document.createElement("div");
    foot.className = "anno-note__foot";
    var detail = note.querySelector(".anno-note__detail");
    var extras = $$(".anno-note__sources, .anno-note__refs, .anno-note__actions", note);
    if (!detail && extras.length) {
      detail = document.createElement("details");
      detail.className = "anno-note__detail";
      var summary = document.createElement("summary");
      summary.textContent = note.querySelector(".anno-note__sources") ? "Sources" : "More";
      detail.appendChild(summary);
    }
    if (detail) {
      extras.forEach(function (el) { detail.appendChild(el); });
      foot.appendChild(detail);
    }
    var tools = document.createElement("p");
    tools.className = "anno-note__tools";
    [["copy", "Copy link"], ["cite", "Cite"]].forEach(function (pair, i) {
      if (i) tools.appendChild(document.createTextNode(" · "));
      var button = document.createElement("button");
      button.type = "button"; button.setAttribute("data-action", pair[0]); button.textContent = pair[1];
      if (pair[0] === "cite") button.setAttribute("aria-expanded", "false");
      tools.appendChild(button);
    });
    var status = document.createElement("span");
    status.className = "anno-note__status";
    tools.appendChild(status);
    foot.appendChild(tools);
    note.appendChild(foot);
  }

  /* Printed notes: a numbered list at the end of each section (screens never show it), and a
     superscript number after each passage. The notes in the text are hidden in print. */
  function buildEndnotes(essay) {
    $$(".anno-marker", essay).forEach(function (marker) {
      var ref = document.createElement("sup");
      ref.className = "anno-ref"; ref.setAttribute("aria-hidden", "true");
      ref.setAttribute("data-note-kind", marker.getAttribute("data-note-kind") || "");
      ref.textContent = marker.textContent;
      marker.after(ref);
    });
    var group = [];
    function flush(before) {
      if (!group.length) return;
      var section = document.createElement("section");
      section.className = "anno-endnotes";
      var heading = document.createElement("h3");
      heading.textContent = "Notes";
      var list = document.createElement("ol");
      group.forEach(function (note) { list.appendChild(endnote(note)); });
      section.appendChild(heading); section.appendChild(list);
      essay.insertBefore(section, before);
      group = [];
    }
    Array.prototype.slice.call(essay.children).forEach(function (child) {
      if (child.tagName === "H2") flush(child);
      if (child.classList.contains("anno-tips")) flush(child);
      $$(".anno-note", child).forEach(function (n) { group.push(n); });
    });
    flush(essay.querySelector(".anno-tips"));
  }
  function endnote(note) {
    var item = document.createElement("li");
    item.value = parseInt(numberOf(note), 10) || 0;
    item.className = "anno-endnote";
    item.setAttribute("data-note-kind", note.getAttribute("data-note-kind"));
    var head = document.createElement("p");
    var title = document.createElement("span");
    title.className = "anno-endnote__title"; title.textContent = titleOf(note);
    var kind = note.querySelector(".anno-kind");
    head.appendChild(title);
    if (kind) { head.appendChild(document.createTextNode(" ")); head.appendChild(kind.cloneNode(true)); }
    item.appendChild(head);
    var parts = $$(".anno-note__body, .anno-note__detail > :not(summary):not(.anno-note__actions)", note);
    parts.forEach(function (part) { item.appendChild(part.cloneNode(true)); });
    $$("[id]", item).forEach(function (el) { el.removeAttribute("id"); });
    return item;
  }

  function enhance(essay) {
    if (essay.getAttribute("data-anno-ready") === "1") return;
    essay.setAttribute("data-anno-ready", "1");
    $$(".anno-note", essay).forEach(enhanceNote);
    buildEndnotes(essay);
    var form = essay.querySelector(".anno-controls");
    if (form) form.hidden = false;
    var live = document.createElement("p");
    live.className = "anno-live md-visually-hidden";
    live.setAttribute("role", "status");
    essay.appendChild(live);
  }

  /* ---------------------------------------------------------------- opening and going to notes */
  function setActive(essay, id, on) {
    $$('[data-note="' + cssEscape(id) + '"]', essay).forEach(function (el) { el.classList.toggle("is-active", on); });
    var note = noteById(id), marker = markerFor(essay, id);
    if (note) note.classList.toggle("is-active", on);
    if (marker) marker.classList.toggle("is-active", on);
  }
  function clearActive(essay) {
    $$(".is-active", essay).forEach(function (el) { el.classList.remove("is-active"); });
  }
  /* Narrow screens: open or close a note in place. */
  function openNote(essay, id, open) {
    var note = noteById(id);
    if (!note) return;
    note.classList.toggle("is-open", open);
    if (!open) setActive(essay, id, false);
  }
  /* Wide screens: the reader's own choice for a crowded note ("open", "closed" or automatic). */
  function chooseFold(note, choice) {
    // A note the reader unfolds keeps its toggle, so it can be folded again.
    if (choice === "open" && note.classList.contains("is-compact")) note.classList.add("is-unfolded");
    if (choice !== "open") note.classList.remove("is-unfolded");
    if (choice) note.setAttribute("data-anno-choice", choice); else note.removeAttribute("data-anno-choice");
  }

  function goToNote(essay, context, id, focus) {
    var note = noteById(id);
    if (!note || !essay.contains(note)) return;
    revealKind(context, note.getAttribute("data-note-kind"));
    if (WIDE.matches) chooseFold(note, "open"); else openNote(essay, id, true);
    layout(essay);
    clearActive(essay);
    setActive(essay, id, true);
    var passage = passageOf(essay, id);
    if (WIDE.matches && passage) {
      passage.scrollIntoView({ block: "center" });
      var r = note.getBoundingClientRect();
      if (r.top < 0 || r.bottom > window.innerHeight) note.scrollIntoView({ block: r.height > window.innerHeight ? "start" : "nearest" });
    } else {
      note.scrollIntoView({ block: note.offsetHeight > window.innerHeight * 0.8 ? "start" : "center" });
    }
    if (focus) { note.setAttribute("tabindex", "-1"); note.focus({ preventScroll: true }); }
  }

  /* ---------------------------------------------------------------- reading controls */
  function applyState(context) {
    var essay = context.essay, form = context.form, state = context.state;
    essay.classList.toggle("notes-hidden", !state.show);
    if (form) {
      form.elements["show-notes"].checked = state.show;
      $$('input[name="kind"]', form).forEach(function (box) {
        box.checked = kindShown(state, box.value);
        box.disabled = !state.show;
      });
    }
    KINDS.forEach(function (kind) {
      var on = kindShown(state, kind);
      $$('.anno-note[data-note-kind="' + kind + '"], .anno-marker[data-note-kind="' + kind + '"], ' +
         '.anno-ref[data-note-kind="' + kind + '"], .anno-endnote[data-note-kind="' + kind + '"]', essay)
        .forEach(function (el) { el.classList.toggle("anno-filtered", !on); });
      $$('.anno-hl[data-note-kind="' + kind + '"]', essay).forEach(function (el) { el.classList.toggle("anno-hl--off", !on); });
    });
    layout(essay);
  }
  /* A permalink asks for one note: show it even if the reader had hidden its kind. */
  function revealKind(context, kind) {
    if (context.state.show && kindShown(context.state, kind)) return;
    context.state.show = true;
    context.state.kinds[kind] = true;
    saveState(context.state); syncUrl(context.state); applyState(context);
  }

  /* ---------------------------------------------------------------- copy link and cite */
  function permalink(id) { return location.origin + location.pathname + "#note-" + id; }
  function canonicalPermalink(id) {
    var canonical = document.querySelector('link[rel="canonical"]');
    return (canonical ? canonical.href.split("#")[0] : location.origin + location.pathname) + "#note-" + id;
  }
  function citation(essay, note) {
    var essayTitle = plainText(essay.querySelector("h1"));
    var author = firstLine(essay.querySelector(".anno-byline"));
    var site = document.querySelector(".md-header__topic .md-ellipsis");
    var edition = site ? site.textContent.trim() : document.title;
    var today = new Date().toISOString().slice(0, 10);
    return "“" + titleOf(note) + ".” Note " + numberOf(note) + " to " + (author ? author + ", " : "") +
      "“" + essayTitle + ".” In " + edition + ". " + canonicalPermalink(idOf(note)) + " (accessed " + today + ").";
  }
  /* The first line of the byline (the author's name), without its note markers. */
  function firstLine(el) {
    if (!el) return "";
    var copy = el.cloneNode(true);
    var br = copy.querySelector("br");
    while (br && br.nextSibling) br.parentNode.removeChild(br.nextSibling);
    return plainText(copy).replace(/[\s,]+$/, "");
  }
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, function () { return legacyCopy(text); });
    }
    return Promise.resolve(legacyCopy(text));
  }
  function legacyCopy(text) {
    var area = document.createElement("textarea");
    area.value = text; area.setAttribute("readonly", ""); area.setAttribute("aria-hidden", "true");
    area.style.position = "fixed"; area.style.opacity = "0"; area.style.top = "0";
    document.body.appendChild(area); area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }
  function announce(essay, text) {
    var live = essay.querySelector(".anno-live");
    if (!live) return;
    live.textContent = "";
    window.requestAnimationFrame(function () { live.textContent = text; });
  }
  function act(context, button) {
    var essay = context.essay, note = button.closest(".anno-note"), id = idOf(note);
    var status = note.querySelector(".anno-note__status");
    chooseFold(note, "open");
    if (button.getAttribute("data-action") === "copy") {
      var link = permalink(id);
      copyText(link).then(function (ok) {
        var message = ok ? "Link copied" : "Copy this link: " + link;
        if (status) status.textContent = ok ? " ✓ copied" : "";
        if (!ok) showCitation(note, button, link, true);
        announce(essay, message);
        layout(essay);
      });
      return;
    }
    var open = button.getAttribute("aria-expanded") !== "true";
    var text = citation(essay, note);
    showCitation(note, button, text, open);
    layout(essay);
    if (open) copyText(text).then(function (ok) {
      if (status) status.textContent = ok ? " ✓ copied" : "";
      announce(essay, ok ? "Citation copied" : "Citation shown below the note");
    });
  }
  /* The citation stays visible under the note, so it can be read and selected by hand too. */
  function showCitation(note, button, text, open) {
    var box = note.querySelector(".anno-note__citation");
    if (!box) {
      box = document.createElement("p");
      box.className = "anno-note__citation";
      box.id = note.id + "-citation";
      note.appendChild(box);
    }
    box.textContent = text;
    box.hidden = !open;
    var cite = note.querySelector('[data-action="cite"]');
    if (cite) { cite.setAttribute("aria-controls", box.id); if (cite === button || !open) cite.setAttribute("aria-expanded", String(open && cite === button)); }
  }

  /* ---------------------------------------------------------------- term toggletips */
  var tip = null;
  function hideTip() { if (tip) { tip.remove(); tip = null; } }
  function showTip(link) {
    var source = document.getElementById("tip-" + link.getAttribute("data-term"));
    var essay = link.closest(".anno-essay");
    if (!source || !essay) return;
    if (tip && tip.getAttribute("data-for") === link.id) return;
    hideTip();
    tip = document.createElement("div");
    tip.className = "anno-tooltip"; tip.setAttribute("role", "tooltip"); tip.setAttribute("data-for", link.id);
    tip.innerHTML = source.innerHTML;
    // A tooltip holds no links (it vanishes when the pointer leaves the term); the term itself
    // is the link to its glossary entry.
    var more = document.createElement("span");
    more.className = "anno-tooltip__more"; more.textContent = "The link leads to the full glossary entry.";
    tip.appendChild(more);
    // Inside the essay, so it stays in the page's main landmark; placed under the term and
    // kept inside the window.
    essay.appendChild(tip);
    var r = link.getBoundingClientRect(), box = essay.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    var left = Math.max(8, Math.min(r.left, width - tip.offsetWidth - 8));
    tip.style.left = (left - box.left) + "px";
    tip.style.top = (r.bottom + 6 - box.top) + "px";
  }

  /* ---------------------------------------------------------------- wiring */
  function bind(essay) {
    var context = { essay: essay, form: essay.querySelector(".anno-controls"), state: loadState() };
    var frame = 0;
    function schedule() {
      if (frame) return;
      frame = window.requestAnimationFrame(function () { frame = 0; layout(essay); });
    }
    cleanups.push(function () { if (frame) window.cancelAnimationFrame(frame); });

    if (context.form) {
      listen(context.form, "change", function () {
        var form = context.form;
        context.state.show = form.elements["show-notes"].checked;
        $$('input[name="kind"]', form).forEach(function (box) { context.state.kinds[box.value] = box.checked; });
        saveState(context.state); syncUrl(context.state); applyState(context);
      });
      listen(context.form, "submit", function (e) { e.preventDefault(); });
    }
    applyState(context);

    listen(essay, "click", function (event) {
      var marker = event.target.closest(".anno-marker");
      if (marker) {
        var id = marker.getAttribute("data-note-marker");
        if (WIDE.matches) {
          history.replaceState(history.state, "", location.pathname + location.search + "#note-" + id);
          goToNote(essay, context, id, true);
        } else {
          var note = noteById(id);
          openNote(essay, id, !(note && note.classList.contains("is-open")));
          updateAria(essay);
        }
        return;
      }
      var toggle = event.target.closest(".anno-note__toggle");
      if (toggle) {
        var owner = toggle.closest(".anno-note");
        if (WIDE.matches) {
          chooseFold(owner, owner.classList.contains("is-compact") ? "open" : "closed");
          layout(essay);
        } else {
          closeAndReturn(essay, owner);
        }
        return;
      }
      var action = event.target.closest(".anno-note [data-action]");
      if (action) act(context, action);
    });
    listen(essay, "keydown", function (event) {
      if (event.key !== "Escape") return;
      var note = event.target.closest(".anno-note");
      var marker = event.target.closest(".anno-marker");
      if (!note && marker) note = noteById(marker.getAttribute("data-note-marker"));
      if (!note) return;
      if (WIDE.matches) {
        if (!note.contains(event.target)) return;
        $$("details[open]", note).forEach(function (d) { d.open = false; });
        var box = note.querySelector(".anno-note__citation");
        if (box) showCitation(note, null, box.textContent, false);
        chooseFold(note, "");
        layout(essay);
        var m = markerFor(essay, idOf(note));
        if (m && !essay.classList.contains("notes-hidden")) m.focus();
        setActive(essay, idOf(note), false);
      } else if (note.classList.contains("is-open")) {
        closeAndReturn(essay, note);
      } else {
        return;
      }
      event.preventDefault();
    });
    // Opening "More" keeps that note whole in the margin and moves the notes below it.
    listen(essay, "toggle", function (event) {
      var note = event.target.closest && event.target.closest(".anno-note");
      if (note && event.target.open) chooseFold(note, "open");
      layout(essay);
    }, true);
    ["mouseover", "mouseout", "focusin", "focusout"].forEach(function (type) {
      listen(essay, type, function (event) {
        var el = event.target.closest("[data-note], .anno-note, .anno-marker");
        if (!el) return;
        var id = el.getAttribute("data-note") || el.getAttribute("data-note-marker") || idOf(el);
        if (id) setActive(essay, id, type === "mouseover" || type === "focusin" || location.hash === "#note-" + id);
      });
    });

    // Terms: hover, keyboard focus and tap show the short definition.
    listen(essay, "mouseover", function (e) { var t = e.target.closest(".anno-term"); if (t) showTip(t); });
    listen(essay, "focusin", function (e) { var t = e.target.closest(".anno-term"); if (t) showTip(t); });
    listen(essay, "focusout", function (e) {
      if (!e.target.closest(".anno-term")) return;
      hideTip();
    });
    listen(document, "mouseover", function (e) {
      if (tip && !e.target.closest(".anno-term")) hideTip();
    });
    listen(document, "keydown", function (e) { if (e.key === "Escape") hideTip(); });
    // On a touch screen the first tap on a term shows its definition, a second tap follows it.
    var tipOpenAtTouch = false;
    listen(essay, "pointerdown", function (e) {
      var t = e.target.closest(".anno-term");
      tipOpenAtTouch = !!(t && tip && tip.getAttribute("data-for") === t.id);
    });
    listen(essay, "click", function (e) {
      var t = e.target.closest(".anno-term");
      if (!t || e.pointerType !== "touch" || tipOpenAtTouch) return;
      e.preventDefault();
      e.stopPropagation();  // instant navigation would follow the link even so
      showTip(t);
      tipOpenAtTouch = true;
    });

    listen(window, "resize", schedule);
    if (window.ResizeObserver) {
      var width = essay.clientWidth;
      var observer = new ResizeObserver(function () {
        if (essay.clientWidth !== width) { width = essay.clientWidth; schedule(); }
      });
      observer.observe(essay);
      cleanups.push(function () { observer.disconnect(); });
    }
    var onMedia = function () { layout(essay); };
    if (WIDE.addEventListener) listen(WIDE, "change", onMedia);
    if (document.fonts) {
      if (document.fonts.ready) document.fonts.ready.then(function () { if (essay.isConnected) schedule(); });
      if (document.fonts.addEventListener) listen(document.fonts, "loadingdone", schedule);
    }

    var handledHash = null;
    function fromHash(focus) {
      handledHash = location.hash;
      var hash = decodeURIComponent(location.hash || "");
      if (hash.indexOf("#note-") === 0 && hash.indexOf("--") < 0) goToNote(essay, context, hash.slice(6), focus);
    }
    listen(window, "hashchange", function () { if (location.hash !== handledHash) fromHash(true); });
    // Zensical's page script takes over in-page links: it cancels the click and moves to the
    // fragment with history.pushState, which fires no hashchange. The theme announces every such
    // move on location$ (Material has it too): the new fragment is followed up from there, once.
    if (window.location$ && typeof window.location$.subscribe === "function") {
      var moves = window.location$.subscribe(function () {
        setTimeout(function () { if (location.hash !== handledHash) fromHash(true); }, 0);
      });
      cleanups.push(function () { moves.unsubscribe(); });
    }
    fromHash(false);
    // The browser scrolls to the fragment once the page has loaded; put the passage back in view.
    if (document.readyState !== "complete" && location.hash.indexOf("#note-") === 0) {
      listen(window, "load", function () { fromHash(false); }, { once: true });
    }
  }

  function closeAndReturn(essay, note) {
    var id = idOf(note);
    openNote(essay, id, false);
    updateAria(essay);
    var marker = markerFor(essay, id);
    if (marker) marker.focus();
  }

  function init() {
    cleanups.splice(0).forEach(function (fn) { fn(); });
    hideTip();
    document.documentElement.classList.toggle("anno-essay-page", !!document.querySelector(".anno-essay"));
    $$(".anno-essay").forEach(function (essay) { enhance(essay); bind(essay); });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
