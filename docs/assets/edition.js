/* The annotated edition's reader behaviour. Progressive enhancement: without this script every
   note is already readable after its paragraph. Runs on every page swap of Material's instant
   navigation (document$) and is safe to run twice on the same page. */
(function () {
  "use strict";
  var WIDE = window.matchMedia("(min-width: 1200px)");
  var STORE = "anno-reading-v1";
  var KINDS = ["context", "person", "event", "institution", "fact-check", "translation"];
  var cleanups = [];

  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function cssEscape(s) { return window.CSS && CSS.escape ? CSS.escape(s) : s.replace(/[^a-z0-9-]/gi, "\\$&"); }
  function listen(target, type, fn, opts) { target.addEventListener(type, fn, opts); cleanups.push(function () { target.removeEventListener(type, fn, opts); }); }

  function loadState() {
    var state = { show: true, kinds: {} };
    try { var saved = JSON.parse(localStorage.getItem(STORE) || "null"); if (saved) state = saved; } catch (e) { /* private mode */ }
    var params = new URLSearchParams(location.search);
    if (params.has("notes")) state.show = params.get("notes") !== "off";
    if (params.has("kinds")) {
      var wanted = params.get("kinds").split(",");
      KINDS.forEach(function (k) { state.kinds[k] = wanted.indexOf(k) !== -1; });
    }
    return state;
  }
  function saveState(state) { try { localStorage.setItem(STORE, JSON.stringify(state)); } catch (e) { /* ignore */ } }

  /* ---- Layout: notes beside their passage on wide screens, pushed down only to avoid overlap ---- */
  function layout(essay) {
    var notes = $$(".anno-note", essay);
    if (!WIDE.matches) { notes.forEach(function (n) { n.style.top = ""; n.classList.remove("is-placed"); }); return; }
    var origin = essay.getBoundingClientRect().top;
    var bottom = -Infinity;
    var gap = 8;
    notes.forEach(function (note) {
      if (note.closest(".anno-filtered") || note.classList.contains("anno-filtered")) { note.classList.remove("is-placed"); return; }
      var id = note.id.replace(/^note-/, "");
      var passage = essay.querySelector('[data-note="' + cssEscape(id) + '"]');
      var want = passage ? passage.getBoundingClientRect().top - origin : 0;
      var top = Math.max(want, bottom + gap);
      note.style.top = Math.round(top) + "px";
      note.classList.add("is-placed");
      bottom = top + note.offsetHeight;
    });
    // The margin column may run past the text; make room so notes never overlap the footer.
    essay.style.minHeight = bottom > 0 ? Math.ceil(bottom) + "px" : "";
  }

  /* ---- Opening notes (narrow screens) and activating them (all screens) ---- */
  function markerFor(essay, id) { return essay.querySelector('.anno-marker[data-note-marker="' + cssEscape(id) + '"]'); }
  function setActive(essay, id, on) {
    $$('[data-note="' + cssEscape(id) + '"]', essay).forEach(function (el) { el.classList.toggle("is-active", on); });
    var note = document.getElementById("note-" + id);
    if (note) note.classList.toggle("is-active", on);
  }
  function openNote(essay, id, open) {
    var note = document.getElementById("note-" + id);
    var marker = markerFor(essay, id);
    if (!note) return;
    note.classList.toggle("is-open", open);
    if (marker) marker.setAttribute("aria-expanded", String(open));
  }
  function goToNote(essay, id, focus) {
    var note = document.getElementById("note-" + id);
    if (!note) return;
    openNote(essay, id, true);
    $$(".anno-note.is-active, .anno-hl.is-active", essay).forEach(function (el) { el.classList.remove("is-active"); });
    setActive(essay, id, true);
    var passage = essay.querySelector('[data-note="' + cssEscape(id) + '"]');
    (passage || note).scrollIntoView({ block: "center" });
    if (focus) { note.setAttribute("tabindex", "-1"); note.focus({ preventScroll: true }); }
  }

  /* ---- Reading controls: show/hide notes, filter by kind; state in the URL and local storage ---- */
  function applyState(essay, form, state) {
    essay.classList.toggle("notes-hidden", !state.show);
    form.elements["show-notes"].checked = state.show;
    $$('input[name="kind"]', form).forEach(function (box) {
      var on = state.kinds[box.value] !== false;
      box.checked = on;
      box.disabled = !state.show;
      $$('.anno-note[data-note-kind="' + box.value + '"], .anno-marker[data-note-kind="' + box.value + '"]', essay)
        .forEach(function (el) { el.classList.toggle("anno-filtered", !on); });
      $$('.anno-hl[data-note-kind="' + box.value + '"]', essay).forEach(function (el) { el.classList.toggle("anno-hl--off", !on); });
    });
    layout(essay);
  }
  function syncUrl(state) {
    var params = new URLSearchParams(location.search);
    if (state.show) params.delete("notes"); else params.set("notes", "off");
    var off = KINDS.filter(function (k) { return state.kinds[k] === false; });
    if (off.length) params.set("kinds", KINDS.filter(function (k) { return state.kinds[k] !== false; }).join(","));
    else params.delete("kinds");
    var query = params.toString();
    history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  /* ---- Copy link and cite ---- */
  function permalink(id) { return location.origin + location.pathname + "#note-" + id; }
  function citation(note) {
    var title = note.querySelector(".anno-note__title").textContent;
    var essayTitle = (document.querySelector(".anno-essay h1") || {}).textContent || document.title;
    var today = new Date().toISOString().slice(0, 10);
    return "“" + title + ".” Note on Kang Jun-young, “" + essayTitle.trim() + ",” annotated edition. " +
      permalink(note.id.replace(/^note-/, "")) + " (accessed " + today + ").";
  }
  function announce(essay, text) {
    var live = essay.querySelector(".anno-live");
    if (!live) { live = document.createElement("p"); live.className = "anno-live md-visually-hidden"; live.setAttribute("role", "status"); essay.appendChild(live); }
    live.textContent = ""; setTimeout(function () { live.textContent = text; }, 30);
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    var area = document.createElement("textarea"); area.value = text; area.setAttribute("readonly", "");
    area.style.position = "fixed"; area.style.opacity = "0"; document.body.appendChild(area); area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
    return Promise.resolve();
  }
  function addActions(note) {
    var bar = note.querySelector(".anno-note__actions");
    if (!bar || bar.querySelector("[data-action]")) return;
    [["copy", "Copy link"], ["cite", "Cite"]].forEach(function (pair) {
      var button = document.createElement("button");
      button.type = "button"; button.dataset.action = pair[0]; button.textContent = pair[1];
      bar.appendChild(document.createTextNode(" · ")); bar.appendChild(button);
    });
  }

  /* ---- Term toggletips: hover, keyboard focus and tap ---- */
  var tip = null;
  function hideTip() { if (tip) { tip.remove(); tip = null; } }
  function showTip(link) {
    hideTip();
    var source = document.getElementById("tip-" + link.dataset.term);
    if (!source) return;
    tip = document.createElement("div");
    tip.className = "anno-tooltip"; tip.setAttribute("role", "tooltip");
    tip.innerHTML = source.innerHTML;
    var more = document.createElement("a"); more.href = link.getAttribute("href"); more.textContent = "Glossary entry →";
    tip.appendChild(document.createElement("br")); tip.appendChild(more);
    document.body.appendChild(tip);
    var r = link.getBoundingClientRect();
    var left = Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8);
    tip.style.left = Math.max(8, left) + "px";
    tip.style.top = (window.scrollY + r.bottom + 6) + "px";
  }

  function initEssay(essay) {
    if (essay.dataset.annoReady === "1") { layout(essay); return; }
    essay.dataset.annoReady = "1";
    var form = essay.querySelector(".anno-controls");
    var state = loadState();
    if (form) {
      form.hidden = false;
      listen(form, "change", function () {
        state.show = form.elements["show-notes"].checked;
        $$('input[name="kind"]', form).forEach(function (box) { state.kinds[box.value] = box.checked; });
        saveState(state); syncUrl(state); applyState(essay, form, state);
      });
      listen(form, "submit", function (e) { e.preventDefault(); });
      applyState(essay, form, state);
    }
    $$(".anno-note", essay).forEach(addActions);

    listen(essay, "click", function (event) {
      var marker = event.target.closest(".anno-marker");
      if (marker) {
        var id = marker.dataset.noteMarker;
        if (WIDE.matches) { goToNote(essay, id, true); history.replaceState(history.state, "", "#note-" + id); }
        else openNote(essay, id, marker.getAttribute("aria-expanded") !== "true");
        layout(essay);
        return;
      }
      var action = event.target.closest("[data-action]");
      if (action) {
        var note = action.closest(".anno-note");
        var text = action.dataset.action === "copy" ? permalink(note.id.replace(/^note-/, "")) : citation(note);
        copy(text).then(function () { announce(essay, action.dataset.action === "copy" ? "Link copied" : "Citation copied: " + text); });
      }
    });
    listen(essay, "keydown", function (event) {
      if (event.key !== "Escape") return;
      var note = event.target.closest(".anno-note.is-open");
      var marker = event.target.closest(".anno-marker[aria-expanded=true]");
      var id = note ? note.id.replace(/^note-/, "") : marker ? marker.dataset.noteMarker : null;
      if (!id || WIDE.matches) return;
      openNote(essay, id, false);
      var m = markerFor(essay, id); if (m) m.focus();
      layout(essay);
    });
    listen(essay, "toggle", function () { layout(essay); }, true);
    ["mouseover", "mouseout", "focusin", "focusout"].forEach(function (type) {
      listen(essay, type, function (event) {
        var el = event.target.closest("[data-note], .anno-note, .anno-marker");
        if (!el) return;
        var id = el.dataset.note || el.dataset.noteMarker || (el.id || "").replace(/^note-/, "");
        if (id) setActive(essay, id, type === "mouseover" || type === "focusin");
      });
    });
    // Terms
    listen(essay, "mouseover", function (e) { var t = e.target.closest(".anno-term"); if (t) showTip(t); });
    listen(essay, "focusin", function (e) { var t = e.target.closest(".anno-term"); if (t) showTip(t); });
    listen(essay, "focusout", function (e) { if (e.target.closest(".anno-term")) setTimeout(function () { if (tip && !tip.contains(document.activeElement)) hideTip(); }, 150); });
    listen(essay, "mouseout", function (e) { var t = e.target.closest(".anno-term"); if (t && !(e.relatedTarget && tip && tip.contains(e.relatedTarget))) setTimeout(function () { if (tip && !tip.matches(":hover")) hideTip(); }, 300); });
    listen(essay, "click", function (e) {
      var t = e.target.closest(".anno-term");
      if (t && e.pointerType === "touch" && (!tip || tip.dataset.for !== t.id)) { e.preventDefault(); showTip(t); if (tip) tip.dataset.for = t.id; }
    });
    listen(document, "keydown", function (e) { if (e.key === "Escape") hideTip(); });

    var relayout = function () { layout(essay); };
    listen(window, "resize", relayout);
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(relayout);
    layout(essay);
    var hash = decodeURIComponent(location.hash || "");
    if (hash.indexOf("#note-") === 0) goToNote(essay, hash.slice(6), false);
    listen(window, "hashchange", function () {
      var h = decodeURIComponent(location.hash || "");
      if (h.indexOf("#note-") === 0) goToNote(essay, h.slice(6), true);
    });
  }

  function init() {
    cleanups.splice(0).forEach(function (fn) { fn(); });
    hideTip();
    $$(".anno-essay").forEach(initEssay);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
