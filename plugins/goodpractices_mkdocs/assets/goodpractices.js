/*
 * Good practices: catalogue filters and the "not in your language" notice.
 *
 * The catalogue page works without this script (full list, static term
 * pages). The script reads facet data from catalogue.json and titles and
 * summaries from the list itself, then filters in place. Filter state lives in
 * the URL (?category=…&country=…&q=…), so links reproduce a view and the back
 * button steps through changes. Runs on every page load, including Material's
 * instant navigation (document$).
 */
(function () {
  "use strict";

  var PAGE_SIZE = 50;
  var READER_KEY = "gp-reader-lang";
  var current = null; // the catalogue on the page now, if any

  function normalise(text) {
    return (text || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/ł/g, "l").replace(/ø/g, "o").replace(/æ/g, "ae").replace(/đ/g, "d").replace(/ß/g, "ss");
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return String(values[key]); });
  }

  /* -- reader language ------------------------------------------------- */

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function readerLanguage(siteLanguages) {
    var store = storage();
    var stored = store && store.getItem(READER_KEY);
    if (stored) return stored;
    var wanted = navigator.languages || [navigator.language || ""];
    for (var i = 0; i < wanted.length; i++) {
      var code = String(wanted[i]).toLowerCase().split("-")[0];
      if (code === "no" || code === "nn") code = "nb";
      if (siteLanguages.indexOf(code) >= 0) return code;
    }
    return null;
  }

  function setupNotice(root) {
    var lang = document.documentElement.lang;
    var box = root.querySelector(".gp-notice[data-gp-notices]");
    if (!root.querySelector("article.gp-practice")) {
      // Pages other than practices are in the language the reader chose.
      var store = storage();
      if (store && lang) store.setItem(READER_KEY, lang);
      return;
    }
    if (!box) return;
    var notices = JSON.parse(box.getAttribute("data-gp-notices"));
    var reader = readerLanguage(Object.keys(notices).concat([lang]));
    if (!reader || reader === lang || !notices[reader]) return;
    var text = box.querySelector(".gp-notice__text");
    text.textContent = notices[reader];
    text.setAttribute("lang", reader);
    box.hidden = false;
  }

  /* -- catalogue ------------------------------------------------------- */

  function Catalogue(app, data) {
    this.app = app;
    this.form = app.querySelector(".gp-filters");
    this.panel = app.querySelector(".gp-filters-panel");
    this.list = app.querySelector("#gp-results");
    this.status = app.querySelector(".gp-count");
    this.more = app.querySelector(".gp-more");
    this.lang = document.documentElement.lang || "en";
    this.columns = data.columns;
    this.facetKeys = data.columns.slice(6);
    this.facetValues = data.facets;
    this.shown = PAGE_SIZE;
    this.typing = false;

    var bySlug = {};
    Array.prototype.forEach.call(this.list.children, function (li) { bySlug[li.getAttribute("data-slug")] = li; });
    var n = data.items.length;
    this.total = n;
    this.elements = new Array(n);
    this.text = new Array(n);
    this.titles = new Array(n);
    this.municipalities = new Array(n);
    this.start = new Int32Array(n);
    this.end = new Int32Array(n);
    this.facets = this.facetKeys.map(function () { return new Array(n); });
    for (var i = 0; i < n; i++) {
      var row = data.items[i];
      var li = bySlug[row[0]];
      if (!li) throw new Error("catalogue.json does not match the page: " + row[0]);
      var title = li.querySelector(".gp-entry__title").textContent.trim();
      var summary = li.querySelector(".gp-entry__summary").textContent;
      this.elements[i] = li;
      this.titles[i] = title;
      this.municipalities[i] = row[4];
      this.start[i] = row[2];
      this.end[i] = row[3] === null ? 99999 : row[3];
      this.text[i] = normalise([title, summary, row[4], row[5]].join(" "));
      for (var f = 0; f < this.facetKeys.length; f++) this.facets[f][i] = row[6 + f];
    }
    this.orders = {};
    this.inputs = this.facetKeys.map(function (key) {
      var boxes = {};
      Array.prototype.forEach.call(app.querySelectorAll('input[type=checkbox][name="' + key + '"]'), function (box) {
        boxes[box.value] = box;
      });
      return boxes;
    });
    this.q = this.form.querySelector("#gp-q");
    this.sort = this.form.querySelector("#gp-sort");
    this.from = this.form.querySelector("#gp-from");
    this.to = this.form.querySelector("#gp-to");
    this.bind();
  }

  Catalogue.prototype.order = function (key) {
    if (this.orders[key]) return this.orders[key];
    var n = this.total, idx = new Array(n);
    for (var i = 0; i < n; i++) idx[i] = i;
    if (key !== "newest") {
      // The page lists newest first already; other orders use the reader's collation.
      var collator = new Intl.Collator(this.lang, { sensitivity: "base", numeric: true });
      var keys = key === "title" ? this.titles : this.municipalities;
      idx.sort(function (a, b) {
        if (!keys[a] !== !keys[b]) return keys[a] ? -1 : 1; // empty municipalities last
        return collator.compare(keys[a], keys[b]) || a - b;
      });
    }
    this.orders[key] = idx;
    return idx;
  };

  Catalogue.prototype.readState = function (search) {
    var params = new URLSearchParams(search);
    var state = { q: params.get("q") || "", sort: params.get("sort") || "newest", from: params.get("from") || "", to: params.get("to") || "", sel: {} };
    if (["newest", "title", "municipality"].indexOf(state.sort) < 0) state.sort = "newest";
    this.facetKeys.forEach(function (key) { state.sel[key] = params.getAll(key); });
    return state;
  };

  Catalogue.prototype.formState = function () {
    var self = this;
    var state = { q: this.q.value, sort: this.sort.value, from: this.from ? this.from.value : "", to: this.to ? this.to.value : "", sel: {} };
    this.facetKeys.forEach(function (key, f) {
      state.sel[key] = Object.keys(self.inputs[f]).filter(function (v) { return self.inputs[f][v].checked; });
    });
    return state;
  };

  Catalogue.prototype.showState = function (state) {
    var self = this;
    this.q.value = state.q;
    this.sort.value = state.sort;
    if (this.from) this.from.value = state.from;
    if (this.to) this.to.value = state.to;
    this.facetKeys.forEach(function (key, f) {
      var boxes = self.inputs[f];
      Object.keys(boxes).forEach(function (v) { boxes[v].checked = state.sel[key].indexOf(v) >= 0; });
    });
  };

  Catalogue.prototype.query = function (state) {
    var params = new URLSearchParams();
    this.facetKeys.forEach(function (key) { state.sel[key].forEach(function (v) { params.append(key, v); }); });
    if (state.from) params.set("from", state.from);
    if (state.to) params.set("to", state.to);
    if (state.q.trim()) params.set("q", state.q.trim());
    if (state.sort !== "newest") params.set("sort", state.sort);
    var text = params.toString();
    return text ? "?" + text : "";
  };

  Catalogue.prototype.record = function (state, push) {
    var url = window.location.pathname + this.query(state) + window.location.hash;
    if (url === window.location.pathname + window.location.search + window.location.hash) return;
    if (push) window.history.pushState({ gp: true }, "", url);
    else window.history.replaceState({ gp: true }, "", url);
  };

  Catalogue.prototype.apply = function (state) {
    var n = this.total, F = this.facetKeys.length, self = this;
    // Selected value indices per facet (null: facet not filtered).
    var selected = this.facetKeys.map(function (key) {
      if (!state.sel[key].length) return null;
      var values = self.facetValues[key], set = new Uint8Array(values.length);
      state.sel[key].forEach(function (v) { var i = values.indexOf(v); if (i >= 0) set[i] = 1; });
      return set;
    });
    var terms = normalise(state.q).split(/\s+/).filter(Boolean);
    var from = parseInt(state.from, 10), to = parseInt(state.to, 10);
    var counts = this.facetKeys.map(function (key) { return new Int32Array(self.facetValues[key].length); });
    var match = new Uint8Array(n), matches = 0;

    for (var i = 0; i < n; i++) {
      // Free text and period are not facets with counts: failing them excludes the item everywhere.
      var ok = true;
      for (var t = 0; t < terms.length && ok; t++) if (this.text[i].indexOf(terms[t]) < 0) ok = false;
      if (ok && !isNaN(from) && this.end[i] < from) ok = false;
      if (ok && !isNaN(to) && this.start[i] > to) ok = false;
      if (!ok) continue;
      // OR within a facet, AND across facets; remember the one facet that failed, if only one did.
      var failed = -1, failures = 0;
      for (var f = 0; f < F; f++) {
        var set = selected[f];
        if (!set) continue;
        var values = this.facets[f][i], hit = false;
        for (var k = 0; k < values.length; k++) if (set[values[k]]) { hit = true; break; }
        if (!hit) { failures++; failed = f; if (failures > 1) break; }
      }
      if (failures === 0) {
        match[i] = 1; matches++;
        for (f = 0; f < F; f++) { values = this.facets[f][i]; for (k = 0; k < values.length; k++) counts[f][values[k]]++; }
      } else if (failures === 1) {
        // Counts show what the next click would yield: this item joins if `failed` gets one of its values.
        values = this.facets[failed][i];
        for (k = 0; k < values.length; k++) counts[failed][values[k]]++;
      }
    }
    this.updateCounts(counts, state);
    var order = this.order(state.sort), results = [];
    for (i = 0; i < n; i++) if (match[order[i]]) results.push(order[i]);
    this.results = results;
    this.render();
    var template = this.status.getAttribute("data-template");
    this.status.textContent = matches ? format(template, { n: matches, total: n }) : this.status.getAttribute("data-empty");
  };

  Catalogue.prototype.updateCounts = function (counts, state) {
    var self = this;
    this.facetKeys.forEach(function (key, f) {
      var values = self.facetValues[key], boxes = self.inputs[f];
      for (var v = 0; v < values.length; v++) {
        var box = boxes[values[v]];
        if (!box) continue;
        var count = counts[f][v];
        box.parentNode.querySelector(".gp-facet__count").textContent = "(" + count + ")";
        // Values that would yield nothing are not offered, unless chosen or focused.
        box.closest("li").hidden = count === 0 && !box.checked && document.activeElement !== box;
      }
    });
  };

  Catalogue.prototype.render = function () {
    var items = this.results.slice(0, this.shown), elements = this.elements;
    this.list.replaceChildren.apply(this.list, items.map(function (i) { return elements[i]; }));
    this.more.hidden = this.results.length <= this.shown;
  };

  Catalogue.prototype.bind = function () {
    var self = this;
    // Filters apply as they change; Enter in the text box must not reload the page.
    this.form.addEventListener("submit", function (event) { event.preventDefault(); });
    this.form.addEventListener("change", function (event) {
      if (event.target === self.q) return; // typed text is recorded as it is typed
      self.shown = PAGE_SIZE;
      self.typing = false;
      var state = self.formState();
      self.apply(state);
      self.record(state, true);
    });
    this.q.addEventListener("input", function () {
      self.shown = PAGE_SIZE;
      var state = self.formState();
      self.apply(state);
      // One history entry per search, not per keystroke.
      self.record(state, !self.typing);
      self.typing = true;
    });
    this.q.addEventListener("blur", function () { self.typing = false; });
    this.app.querySelector(".gp-clear").addEventListener("click", function () {
      self.shown = PAGE_SIZE;
      var state = self.readState("");
      self.showState(state);
      self.apply(state);
      self.record(state, true);
    });
    this.more.addEventListener("click", function () {
      var first = self.shown;
      self.shown += PAGE_SIZE;
      self.render();
      // Keep keyboard users in place: move to the first newly shown practice.
      var li = self.elements[self.results[first]];
      var link = li && li.querySelector("a");
      if (link) link.focus();
    });
  };

  Catalogue.prototype.restore = function () {
    var state = this.readState(window.location.search);
    this.showState(state);
    this.apply(state);
  };

  function setupCatalogue(root) {
    current = null;
    var app = root.querySelector(".gp-app");
    if (!app || !window.fetch || !window.URLSearchParams) return;
    fetch(app.getAttribute("data-gp-data"))
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        if (!document.body.contains(app)) return; // the reader has moved on
        var catalogue = new Catalogue(app, data);
        catalogue.panel.hidden = false;
        // On a phone the open panel would push the results out of sight.
        if (window.matchMedia && window.matchMedia("(max-width: 44.9375em)").matches) catalogue.panel.open = false;
        var browse = app.querySelector(".gp-browse");
        if (browse) browse.hidden = true;
        catalogue.restore();
        current = catalogue;
        app.classList.add("gp-app--ready");
      })
      .catch(function (error) {
        // Without the data the page stays the complete static list.
        if (window.console) console.warn("catalogue filters unavailable:", error);
      });
  }

  window.addEventListener("popstate", function () {
    if (current && document.body.contains(current.app)) current.restore();
  });

  function init() {
    setupNotice(document);
    setupCatalogue(document);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

/* Printable compilation: "Print / save as PDF" buttons ([data-gp-print]), hidden until this script shows them. */
(function () {
  "use strict";
  function show() {
    var buttons = document.querySelectorAll("[data-gp-print]");
    for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false;
  }
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target && target.closest && target.closest("[data-gp-print]")) window.print();
  });
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(show);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", show);
  } else {
    show();
  }
})();
