/*
 * Good practices: catalogue filters, and the buttons that need a script (print, copy the embed code).
 *
 * The catalogue works without this script: its first page lists the newest
 * practices and links static pages with the rest, and the category, country
 * and topic pages. The script reads catalogue.json (what filtering, sorting and
 * rendering an entry need, column by column) and catalogue-summaries.json
 * (fetched next; the filters work before it arrives), then renders any
 * page of any filtered view itself, reusing the entries already in the page.
 * State lives in the URL (?category=…&country=…&q=…&sort=…&page=…), so links
 * reproduce a view and the back button steps through changes. Runs on every
 * page load, including Material's instant navigation (document$).
 */
(function () {
  "use strict";

  var current = null; // the catalogue on the page now, if any

  function normalise(text) {
    return (text || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/ł/g, "l").replace(/ø/g, "o").replace(/æ/g, "ae").replace(/đ/g, "d").replace(/ß/g, "ss")
      .replace(/œ/g, "oe").replace(/þ/g, "th").replace(/ı/g, "i"); // as goodpractices.answers.fold
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return String(values[key]); });
  }

  /* -- catalogue ------------------------------------------------------- */

  // A facet column holds an integer per practice (one value, -1 for none) or a list of them.
  function facetIndex(column, n) {
    var start = new Int32Array(n + 1), size = 0, i, v;
    for (i = 0; i < n; i++) {
      v = column[i];
      start[i] = size;
      size += typeof v === "number" ? (v >= 0 ? 1 : 0) : v.length;
    }
    start[n] = size;
    var values = new Int32Array(size), k = 0;
    for (i = 0; i < n; i++) {
      v = column[i];
      if (typeof v === "number") { if (v >= 0) values[k++] = v; }
      else for (var j = 0; j < v.length; j++) values[k++] = v[j];
    }
    return { start: start, values: values };
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function Catalogue(app, data) {
    var self = this;
    this.app = app;
    this.form = app.querySelector(".gp-filters");
    this.panel = app.querySelector(".gp-filters-panel");
    this.list = app.querySelector("#gp-results");
    this.status = app.querySelector(".gp-count");
    this.pager = app.querySelector(".gp-pager");
    this.chips = app.querySelector(".gp-chips");
    this.showResults = app.querySelector(".gp-show-results");
    this.exportBox = app.querySelector(".gp-export");
    this.compareBox = app.querySelector(".gp-compare");
    this.limitShown = false; // the compare limit was just explained
    this.summariesLoaded = null; // a promise of the summaries, set by setupCatalogue
    this.lang = document.documentElement.lang || data.lang || "en";
    this.data = data;
    var items = data.items, n = data.n;
    this.total = n;
    this.pageSize = data.page_size || 50;
    this.page = 1;
    this.typing = false;
    this.facetKeys = data.keys;
    this.facetValues = data.facets;
    this.facets = this.facetKeys.map(function (key) { return facetIndex(items[key], n); });
    this.start = new Int32Array(n);
    this.end = new Int32Array(n);
    for (var i = 0; i < n; i++) {
      this.start[i] = items.start[i] === null ? -99999 : items.start[i];
      this.end[i] = items.end[i] === null ? 99999 : items.end[i];
    }
    this.summaries = null;
    this.text = null; // normalised search text, built on the first query
    this.orders = {};
    this.elements = new Array(n); // rendered entries, kept for reuse
    this.created = [];

    // Labels of facet values, their checkboxes and counts, from the form.
    this.inputs = [];
    this.labels = [];
    this.countEls = [];
    this.itemEls = [];
    this.shownCounts = [];
    this.facetKeys.forEach(function (key, f) {
      var values = self.facetValues[key], index = {}, boxes = {};
      var labels = new Array(values.length), countEls = new Array(values.length), itemEls = new Array(values.length);
      values.forEach(function (value, v) { index[value] = v; });
      Array.prototype.forEach.call(app.querySelectorAll('input[type=checkbox][name="' + key + '"]'), function (box) {
        var v = index[box.value];
        boxes[box.value] = box;
        if (v === undefined) return;
        var label = box.parentNode.querySelector(".gp-facet__label");
        labels[v] = label ? label.textContent : box.value;
        countEls[v] = box.parentNode.querySelector(".gp-facet__count");
        itemEls[v] = box.closest("li");
      });
      self.inputs.push(boxes);
      self.labels.push(labels);
      self.countEls.push(countEls);
      self.itemEls.push(itemEls);
      self.shownCounts.push(new Int32Array(values.length).fill(-1));
    });
    this.slugIndex = {};
    for (i = 0; i < n; i++) this.slugIndex[items.slug[i]] = i;
    this.categoryFacet = this.facetKeys.indexOf("category");
    this.countryFacet = this.facetKeys.indexOf("country");
    this.regionFacet = this.facetKeys.indexOf("region");

    // The entries already in the page are the first page of the default view: reuse them.
    var lis = this.list.children;
    for (i = 0; i < lis.length && i < n; i++) {
      if (lis[i].getAttribute("data-slug") !== items.slug[i]) break;
      this.elements[i] = lis[i];
    }

    this.q = this.form.querySelector("#gp-q");
    this.sort = this.form.querySelector("#gp-sort");
    this.from = this.form.querySelector("#gp-from");
    this.to = this.form.querySelector("#gp-to");
    this.bind();
  }

  Catalogue.prototype.setSummaries = function (summaries) {
    if (!summaries || summaries.summaries.length !== this.total) return false;
    this.summaries = summaries.summaries;
    this.text = null;
    this.renderCompare(); // the cards get the summaries too
    // Entries rendered before the summaries came get theirs now.
    for (var k = 0; k < this.created.length; k++) {
      var i = this.created[k], li = this.elements[i];
      if (!li.querySelector(".gp-entry__summary")) li.appendChild(element("p", "gp-entry__summary", this.summaries[i]));
    }
    return true;
  };

  Catalogue.prototype.searchText = function () {
    if (this.text) return this.text;
    // One normalisation over everything is much faster than one per practice.
    var items = this.data.items, places = this.data.places, orgs = this.data.organisations, n = this.total;
    var region = this.regionFacet >= 0 ? this.facets[this.regionFacet] : null, regions = region ? this.facetValues.region : null;
    var parts = new Array(n);
    for (var i = 0; i < n; i++) {
      var row = [items.title[i]];
      if (this.summaries) row.push(this.summaries[i]);
      if (items.place[i] >= 0) row.push(places[items.place[i]]);
      if (items.organisation_name[i] >= 0) row.push(orgs[items.organisation_name[i]]);
      if (region) for (var k = region.start[i]; k < region.start[i + 1]; k++) row.push(regions[region.values[k]]);
      if (items.tags[i]) row.push(items.tags[i]);
      parts[i] = row.join(" ").replace(/\u0000/g, " ");
    }
    this.text = normalise(parts.join("\u0000")).split("\u0000");
    return this.text;
  };

  Catalogue.prototype.entry = function (i) {
    if (this.elements[i]) return this.elements[i];
    var data = this.data, items = data.items, languages = this.facetValues.language || [];
    var shown = languages[items.shown[i]] || this.lang, original = languages[items.original[i]];
    var li = element("li", "gp-entry");
    li.setAttribute("data-slug", items.slug[i]);
    if (shown !== this.lang) li.setAttribute("lang", shown);
    var heading = element("h2", "gp-entry__title"), link = element("a", null, items.title[i]);
    link.setAttribute("href", (data.hrefs[shown] || "") + encodeURIComponent(items.slug[i]) + "/");
    link.setAttribute("hreflang", shown);
    heading.appendChild(link);
    li.appendChild(heading);
    var meta = element("p", "gp-entry__meta");
    meta.setAttribute("lang", this.lang);
    var self = this;
    [[this.categoryFacet, "gp-badge gp-badge--category"], [this.countryFacet, "gp-badge gp-badge--country"]].forEach(function (spec) {
      var f = spec[0];
      if (f < 0) return;
      var facet = self.facets[f];
      for (var k = facet.start[i]; k < facet.start[i + 1]; k++) {
        meta.appendChild(element("span", spec[1], self.labels[f][facet.values[k]] || self.facetValues[self.facetKeys[f]][facet.values[k]]));
        meta.appendChild(document.createTextNode(" "));
      }
    });
    if (items.place[i] >= 0) {
      var place = element("span", "gp-entry__place", data.places[items.place[i]]);
      if (original) place.setAttribute("lang", original);
      meta.appendChild(place);
      meta.appendChild(document.createTextNode(" "));
    }
    meta.appendChild(element("span", "gp-entry__date", items.published[i]));
    if (data.drafts.length && data.drafts.indexOf(i) >= 0) {
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(element("span", "gp-badge gp-badge--draft", data.draft_badge));
    }
    if (shown !== this.lang && data.in_language[shown]) {
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(element("span", "gp-badge gp-badge--language", data.in_language[shown]));
    }
    li.appendChild(meta);
    if (this.summaries) li.appendChild(element("p", "gp-entry__summary", this.summaries[i]));
    this.elements[i] = li;
    this.created.push(i);
    return li;
  };

  Catalogue.prototype.order = function (key) {
    if (this.orders[key]) return this.orders[key];
    var n = this.total, idx = new Array(n);
    for (var i = 0; i < n; i++) idx[i] = i;
    if (key !== "newest") {
      // The data lists newest first already; other orders use the reader's collation.
      var collator = new Intl.Collator(this.lang, { sensitivity: "base", numeric: true });
      var items = this.data.items, places = this.data.places, keys = new Array(n);
      for (i = 0; i < n; i++) keys[i] = key === "title" ? items.title[i] : (items.place[i] >= 0 ? places[items.place[i]] : "");
      idx.sort(function (a, b) {
        if (!keys[a] !== !keys[b]) return keys[a] ? -1 : 1; // empty municipalities last
        return collator.compare(keys[a], keys[b]) || a - b;
      });
    }
    this.orders[key] = Int32Array.from(idx);
    return this.orders[key];
  };

  Catalogue.prototype.readState = function (search) {
    var params = new URLSearchParams(search);
    var state = { q: params.get("q") || "", sort: params.get("sort") || "newest", from: params.get("from") || "", to: params.get("to") || "", sel: {}, page: parseInt(params.get("page"), 10) || 1 };
    if (["newest", "title", "municipality"].indexOf(state.sort) < 0) state.sort = "newest";
    if (state.page < 1) state.page = 1;
    this.facetKeys.forEach(function (key) { state.sel[key] = params.getAll(key); });
    var slugs = this.slugIndex, chosen = [];
    (params.get("compare") || "").split(",").forEach(function (slug) {
      if (slugs.hasOwnProperty(slug) && chosen.indexOf(slug) < 0 && chosen.length < COMPARE_MAX) chosen.push(slug);
    });
    state.compare = chosen;
    return state;
  };

  Catalogue.prototype.formState = function () {
    var self = this;
    var state = { q: this.q.value, sort: this.sort.value, from: this.from ? this.from.value : "", to: this.to ? this.to.value : "", sel: {}, page: 1, compare: this.state ? this.state.compare.slice() : [] };
    this.facetKeys.forEach(function (key, f) {
      state.sel[key] = Object.keys(self.inputs[f]).filter(function (v) { return self.inputs[f][v].checked; });
    });
    return state;
  };

  Catalogue.prototype.isDefault = function (state) {
    return !this.query(state);
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

  Catalogue.prototype.query = function (state, page) {
    var params = new URLSearchParams();
    this.facetKeys.forEach(function (key) { state.sel[key].forEach(function (v) { params.append(key, v); }); });
    if (state.from) params.set("from", state.from);
    if (state.to) params.set("to", state.to);
    if (state.q.trim()) params.set("q", state.q.trim());
    if (state.sort !== "newest") params.set("sort", state.sort);
    page = page === undefined ? state.page : page;
    if (page > 1) params.set("page", String(page));
    var text = params.toString();
    // The slugs readable in the address: ?compare=slug1,slug2 (a slug has no comma).
    if (state.compare && state.compare.length) text += (text ? "&" : "") + "compare=" + state.compare.map(encodeURIComponent).join(",");
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
    var text = terms.length ? this.searchText() : null;
    var from = parseInt(state.from, 10), to = parseInt(state.to, 10);
    var counts = this.facetKeys.map(function (key) { return new Int32Array(self.facetValues[key].length); });
    var facets = this.facets, match = new Uint8Array(n), matches = 0, f, k, starts, values, set;

    for (var i = 0; i < n; i++) {
      // Free text and period are not facets with counts: failing them excludes the item everywhere.
      var ok = true;
      for (var t = 0; t < terms.length && ok; t++) if (text[i].indexOf(terms[t]) < 0) ok = false;
      if (ok && !isNaN(from) && this.end[i] < from) ok = false;
      if (ok && !isNaN(to) && this.start[i] > to) ok = false;
      if (!ok) continue;
      // OR within a facet, AND across facets; remember the one facet that failed, if only one did.
      var failed = -1, failures = 0;
      for (f = 0; f < F; f++) {
        set = selected[f];
        if (!set) continue;
        starts = facets[f].start; values = facets[f].values;
        var hit = false;
        for (k = starts[i]; k < starts[i + 1]; k++) if (set[values[k]]) { hit = true; break; }
        if (!hit) { failures++; failed = f; if (failures > 1) break; }
      }
      if (failures === 0) {
        match[i] = 1; matches++;
        for (f = 0; f < F; f++) {
          starts = facets[f].start; values = facets[f].values;
          for (k = starts[i]; k < starts[i + 1]; k++) counts[f][values[k]]++;
        }
      } else if (failures === 1) {
        // Counts show what the next click would yield: this item joins if `failed` gets one of its values.
        starts = facets[failed].start; values = facets[failed].values;
        for (k = starts[i]; k < starts[i + 1]; k++) counts[failed][values[k]]++;
      }
    }
    this.updateCounts(counts);
    var order = this.order(state.sort), results = new Int32Array(matches), r = 0;
    for (i = 0; i < n; i++) if (match[order[i]]) results[r++] = order[i];
    this.results = results;
    this.state = state;
    this.page = state.page = Math.max(1, Math.min(state.page || 1, this.pages()));
    this.render();
  };

  Catalogue.prototype.pages = function () {
    return Math.max(1, Math.ceil(this.results.length / this.pageSize));
  };

  Catalogue.prototype.updateCounts = function (counts) {
    var active = document.activeElement;
    for (var f = 0; f < this.facetKeys.length; f++) {
      var boxes = this.inputs[f], values = this.facetValues[this.facetKeys[f]], shown = this.shownCounts[f];
      for (var v = 0; v < values.length; v++) {
        var box = boxes[values[v]], item = this.itemEls[f][v];
        if (!box || !item) continue;
        var count = counts[f][v];
        if (shown[v] !== count) {
          this.countEls[f][v].textContent = "(" + count + ")";
          shown[v] = count;
        }
        // Values that would yield nothing are not offered, unless chosen or focused.
        var hide = count === 0 && !box.checked && active !== box;
        if (item.hidden !== hide) item.hidden = hide;
      }
    }
  };

  Catalogue.prototype.render = function () {
    var first = (this.page - 1) * this.pageSize, last = Math.min(this.results.length, first + this.pageSize), nodes = [];
    for (var k = first; k < last; k++) nodes.push(this.compareToggle(this.entry(this.results[k]), this.results[k]));
    this.list.replaceChildren.apply(this.list, nodes);
    this.renderCompare();
    this.renderPager();
    var matches = this.results.length, text;
    if (!matches) text = this.status.getAttribute("data-empty");
    else {
      text = format(this.status.getAttribute("data-template"), { n: matches, total: this.total });
      if (this.pager && this.pages() > 1) text += ". " + format(this.pager.getAttribute("data-page-of"), { page: this.page, pages: this.pages() });
    }
    if (this.status.textContent !== text) this.status.textContent = text;
    if (this.showResults) this.showResults.textContent = format(this.showResults.getAttribute("data-template"), { n: matches });
    this.renderChips();
  };

  // Wide screens: after a change, the count and the first results in view (a shorter list can leave the
  // page scrolled below them), and the control just changed too, within the filters' own scrolling.
  Catalogue.prototype.keepInView = function (control) {
    if (!window.matchMedia || !window.matchMedia("(min-width: 45em)").matches) return; // a phone: its button shows the results
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    var first = this.chips && !this.chips.hidden ? this.chips : this.status;
    var above = first.getBoundingClientRect().top - top - 8;
    if (above < 0) window.scrollBy(0, above);
    if (!control || !this.panel.contains(control)) return;
    var box = control.getBoundingClientRect(), panel = this.panel.getBoundingClientRect();
    var bottom = Math.min(panel.bottom, window.innerHeight) - 8, upper = Math.max(panel.top, top) + 8;
    if (box.bottom > bottom) this.panel.scrollTop += box.bottom - bottom;
    else if (box.top < upper) this.panel.scrollTop -= upper - box.top;
  };

  // The active filters above the results, each a button that removes it (also for a view opened from a link).
  Catalogue.prototype.renderChips = function () {
    if (!this.chips) return;
    var self = this, state = this.state, chips = [];
    function chip(text, remove) {
      var item = element("li", "gp-chip"), button = element("button", "gp-chip__button", text);
      button.type = "button";
      button.setAttribute("aria-label", format(self.chips.getAttribute("data-remove"), { filter: text }));
      button.appendChild(element("span", "gp-chip__x", "\u00d7")).setAttribute("aria-hidden", "true");
      button.addEventListener("click", function () {
        remove();
        var next = self.formState();
        self.apply(next);
        self.record(next, true);
        var first = self.chips.querySelector("button") || self.status;
        first.focus();
      });
      item.appendChild(button);
      chips.push(item);
    }
    this.facetKeys.forEach(function (key, f) {
      state.sel[key].forEach(function (value) {
        var box = self.inputs[f][value];
        if (!box) return;
        var label = box.parentNode.querySelector(".gp-facet__label");
        chip(label ? label.textContent : value, function () { box.checked = false; });
      });
    });
    if (state.q.trim()) chip(format(this.chips.getAttribute("data-text"), { text: state.q.trim() }), function () { self.q.value = ""; });
    if (state.from || state.to) {
      var period = this.app.querySelector('[data-facet="period"] legend');
      chip((period ? period.textContent + ": " : "") + (state.from || "…") + "–" + (state.to || "…"), function () {
        if (self.from) self.from.value = "";
        if (self.to) self.to.value = "";
      });
    }
    this.chips.replaceChildren.apply(this.chips, chips);
    this.chips.hidden = !chips.length;
  };

  Catalogue.prototype.renderPager = function () {
    if (!this.pager) return;
    var pages = this.pages(), page = this.page, self = this;
    this.pager.hidden = pages < 2;
    var ul = element("ul"), seen = 0;
    function add(number, text, rel, className) {
      var li = element("li", className), a = element("a", null, text);
      a.setAttribute("href", window.location.pathname + self.query(self.state, number));
      a.setAttribute("data-page", String(number));
      if (rel) a.setAttribute("rel", rel);
      else {
        a.setAttribute("aria-label", format(self.pager.getAttribute("data-page-link"), { page: number }));
        if (number === page) a.setAttribute("aria-current", "page");
      }
      li.appendChild(a);
      ul.appendChild(li);
    }
    if (page > 1) add(page - 1, this.pager.getAttribute("data-previous"), "prev", "gp-pager__step");
    for (var number = 1; number <= pages; number++) {
      if (number !== 1 && number !== pages && Math.abs(number - page) > 2) continue;
      if (seen && number - seen > 1) {
        var gap = element("li", "gp-pager__gap", "…");
        gap.setAttribute("aria-hidden", "true");
        ul.appendChild(gap);
      }
      add(number, String(number));
      seen = number;
    }
    if (page < pages) add(page + 1, this.pager.getAttribute("data-next"), "next", "gp-pager__step");
    this.pager.replaceChildren(ul);
  };

  Catalogue.prototype.goTo = function (number) {
    this.page = this.state.page = Math.max(1, Math.min(number, this.pages()));
    this.render();
    this.record(this.state, true);
    // Keep keyboard and screen reader users in place: move to the first practice of the page.
    var first = this.list.querySelector("a");
    if (first) first.focus();
  };

  Catalogue.prototype.bind = function () {
    var self = this;
    // Filters apply as they change; Enter in the text box must not reload the page.
    this.form.addEventListener("submit", function (event) { event.preventDefault(); });
    this.form.addEventListener("change", function (event) {
      if (event.target === self.q) return; // typed text is recorded as it is typed
      self.typing = false;
      var state = self.formState();
      self.apply(state);
      self.record(state, true);
      self.keepInView(event.target);
    });
    this.q.addEventListener("input", function () {
      var state = self.formState();
      self.apply(state);
      // One history entry per search, not per keystroke.
      self.record(state, !self.typing);
      self.typing = true;
    });
    this.q.addEventListener("blur", function () { self.typing = false; });
    Array.prototype.forEach.call(this.form.querySelectorAll(".gp-facet__narrow"), function (box) {
      var facet = box.closest(".gp-facet"), items = facet.querySelectorAll("li");
      box.addEventListener("input", function () {
        var text = normalise(box.value).trim();
        facet.classList.toggle("gp-facet--narrowed", !!text);
        for (var i = 0; i < items.length; i++) {
          var label = items[i].querySelector(".gp-facet__label");
          items[i].classList.toggle("gp-facet__unmatched", !!text && normalise(label ? label.textContent : "").indexOf(text) < 0);
        }
      });
      // Enter in the box must not submit anything; the box is no filter of the results.
      box.addEventListener("change", function (event) { event.stopPropagation(); });
    });
    Array.prototype.forEach.call(this.form.querySelectorAll(".gp-facet__toggle"), function (toggle) {
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.closest(".gp-facet").classList.toggle("gp-facet--collapsed", !open);
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        toggle.textContent = toggle.getAttribute(open ? "data-less" : "data-more");
      });
    });
    if (this.showResults) {
      // On a phone: close the filters and go to the results, their count first.
      this.showResults.addEventListener("click", function () {
        self.panel.open = false;
        self.status.focus();
        self.status.scrollIntoView({ block: "start" });
      });
    }
    this.app.querySelector(".gp-clear").addEventListener("click", function () {
      var state = self.readState("");
      state.compare = self.state ? self.state.compare.slice() : []; // the comparison is not a filter
      self.showState(state);
      self.apply(state);
      self.record(state, true);
    });
    if (this.compareBox) {
      this.list.addEventListener("change", function (event) {
        var box = event.target;
        if (!box.classList || !box.classList.contains("gp-compare-box")) return;
        self.choose(box.value, box.checked, box);
      });
      this.compareBox.addEventListener("click", function (event) {
        var button = event.target.closest && event.target.closest("button");
        if (!button) return;
        if (button.classList.contains("gp-compare__clear")) {
          self.state.compare = [];
          self.render();
          self.record(self.state, true);
          self.compareBox.querySelector("h2").setAttribute("tabindex", "-1");
          self.compareBox.querySelector("h2").focus();
        } else if (button.hasAttribute("data-slug")) {
          var cards = Array.prototype.slice.call(self.compareBox.querySelectorAll(".gp-compare__card"));
          var at = cards.indexOf(button.closest(".gp-compare__card"));
          self.choose(button.getAttribute("data-slug"), false, null);
          // Focus the next card's button, else the previous one's, else the heading.
          var buttons = self.compareBox.querySelectorAll(".gp-compare__card button");
          var next = buttons[Math.min(at, buttons.length - 1)];
          if (next) next.focus();
          else { self.compareBox.querySelector("h2").setAttribute("tabindex", "-1"); self.compareBox.querySelector("h2").focus(); }
        }
      });
    }
    if (this.exportBox) {
      this.exportBox.addEventListener("click", function (event) {
        var button = event.target.closest && event.target.closest("[data-gp-export]");
        if (button) self.download(button.getAttribute("data-gp-export"));
      });
    }
    if (this.pager) {
      this.pager.addEventListener("click", function (event) {
        var link = event.target.closest && event.target.closest("a[data-page]");
        if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button) return;
        // Handled here: Material's instant navigation must not load the page again.
        event.preventDefault();
        event.stopPropagation();
        self.goTo(parseInt(link.getAttribute("data-page"), 10));
      });
    }
  };

  /* -- compare: two to four practices side by side, ?compare=slug1,slug2 -- */

  var COMPARE_MAX = 4;

  // The "Compare" checkbox of an entry, labelled with its title (added once, kept in step with the state).
  Catalogue.prototype.compareToggle = function (li, i) {
    if (!this.compareBox) return li;
    var box = li.querySelector(".gp-compare-box");
    if (!box) {
      var p = element("p", "gp-entry__compare"), label = element("label");
      p.setAttribute("lang", this.lang);
      box = element("input", "gp-compare-box");
      box.type = "checkbox";
      box.value = this.data.items.slug[i];
      label.appendChild(box);
      label.appendChild(document.createTextNode(this.compareBox.getAttribute("data-toggle")));
      var title = element("span", "gp-sr-only", ": " + this.data.items.title[i]);
      if (li.getAttribute("lang")) title.setAttribute("lang", li.getAttribute("lang"));
      label.appendChild(title);
      p.appendChild(label);
      var meta = li.querySelector(".gp-entry__meta");
      li.insertBefore(p, meta ? meta.nextSibling : null);
    }
    box.checked = !!this.state && this.state.compare.indexOf(box.value) >= 0;
    return li;
  };

  Catalogue.prototype.choose = function (slug, on, box) {
    var chosen = this.state.compare, at = chosen.indexOf(slug);
    this.limitShown = false;
    if (on && at < 0) {
      if (chosen.length >= COMPARE_MAX) {
        if (box) box.checked = false; // the limit, explained in the status below the heading
        this.limitShown = true;
        this.renderCompare();
        return;
      }
      chosen.push(slug);
    } else if (!on && at >= 0) chosen.splice(at, 1);
    var boxes = this.list.querySelectorAll(".gp-compare-box");
    for (var k = 0; k < boxes.length; k++) boxes[k].checked = chosen.indexOf(boxes[k].value) >= 0;
    this.renderCompare();
    this.record(this.state, true);
  };

  Catalogue.prototype.renderCompare = function () {
    var box = this.compareBox;
    if (!box || !this.state) return;
    var self = this, chosen = this.state.compare, data = this.data, items = data.items;
    var status = box.querySelector(".gp-compare__status");
    var text = this.limitShown ? box.getAttribute("data-limit") : format(box.getAttribute("data-hint"), { n: chosen.length });
    if (status.textContent !== text) status.textContent = text;
    box.hidden = false;
    box.querySelector(".gp-compare__clear").hidden = !chosen.length;
    var grid = box.querySelector(".gp-compare__grid"), key = chosen.length > 1 ? chosen.join(",") + (this.summaries ? "+" : "") : "";
    if (grid.getAttribute("data-shown") === key) return;
    grid.setAttribute("data-shown", key);
    if (chosen.length < 2) { grid.replaceChildren(); return; }
    function legend(facet) {
      var el = self.app.querySelector('[data-facet="' + facet + '"] legend');
      return el ? el.textContent : facet;
    }
    function labelsOf(facet, i) {
      var f = self.facetKeys.indexOf(facet), out = [];
      if (f < 0) return out;
      var index = self.facets[f];
      for (var k = index.start[i]; k < index.start[i + 1]; k++) out.push(self.labels[f][index.values[k]] || self.facetValues[facet][index.values[k]]);
      return out;
    }
    var cards = chosen.map(function (slug) {
      var i = self.slugIndex[slug], card = element("article", "gp-compare__card"), entry = self.entry(i);
      var heading = element("h3"), link = entry.querySelector(".gp-entry__title a").cloneNode(true);
      if (entry.getAttribute("lang")) card.setAttribute("lang", entry.getAttribute("lang"));
      heading.appendChild(link);
      card.appendChild(heading);
      var dl = element("dl");
      dl.setAttribute("lang", self.lang);
      function row(name, value, lang) {
        if (!value) return;
        dl.appendChild(element("dt", null, name));
        var dd = element("dd", null, value);
        if (lang) dd.setAttribute("lang", lang);
        dl.appendChild(dd);
      }
      ["category", "country", "region", "level", "organisation", "education", "topic", "stage", "language"].forEach(function (facet) {
        row(legend(facet), labelsOf(facet, i).join(", "));
      });
      var original = (self.facetValues.language || [])[items.original[i]];
      row(box.getAttribute("data-municipality"), items.place[i] >= 0 ? data.places[items.place[i]] : "", original);
      row(box.getAttribute("data-organisation-name"), items.organisation_name[i] >= 0 ? data.organisations[items.organisation_name[i]] : "", original);
      var start = items.start[i], end = items.end[i];
      row(box.getAttribute("data-period"), start === null && end === null ? "" : (start === null ? "…" : start) + "–" + (end === null ? "…" : end));
      row(box.getAttribute("data-published"), items.published[i]);
      if (self.summaries) row(box.getAttribute("data-summary"), self.summaries[i], entry.getAttribute("lang") || self.lang);
      card.appendChild(dl);
      var remove = element("button", "md-button gp-compare__remove", "\u00d7");
      remove.type = "button";
      remove.setAttribute("data-slug", slug);
      remove.setAttribute("aria-label", format(box.getAttribute("data-remove"), { title: items.title[i] }));
      var p = card.appendChild(element("p"));
      p.setAttribute("lang", self.lang);
      p.appendChild(remove);
      return card;
    });
    grid.replaceChildren.apply(grid, cards);
  };

  /* -- export: the list shown as CSV or JSON, with the open-data files' columns the data has -- */

  // In the order of goodpractices.opendata.COLUMNS; the period and tags are left out (the data
  // here has only the years, and the tags of two versions together).
  var EXPORT_COLUMNS = ["slug", "language", "is_original", "original_language", "languages", "title", "summary", "url",
    "category", "category_label", "country", "country_name", "region", "municipality", "organisation_name",
    "organisation_type", "level_of_government", "education_levels", "topics", "stage", "published"];
  var EXPORT_MULTI = { languages: 1, education_levels: 1, topics: 1 };

  Catalogue.prototype.exportRecord = function (i) {
    var self = this, data = this.data, items = data.items, languages = this.facetValues.language || [];
    function values(key) {
      var f = self.facetKeys.indexOf(key), out = [];
      if (f < 0) return out;
      var facet = self.facets[f];
      for (var k = facet.start[i]; k < facet.start[i + 1]; k++) out.push(self.facetValues[key][facet.values[k]]);
      return out;
    }
    function one(key) { var v = values(key); return v.length ? v[0] : null; }
    function label(key) {
      var f = self.facetKeys.indexOf(key), facet = f >= 0 ? self.facets[f] : null;
      if (!facet || facet.start[i] === facet.start[i + 1]) return null;
      var v = facet.values[facet.start[i]];
      return self.labels[f][v] || self.facetValues[key][v]; // as the filters name it, in the page's language
    }
    var shown = languages[items.shown[i]] || this.lang, original = languages[items.original[i]] || null;
    var href = (data.hrefs[shown] || "") + encodeURIComponent(items.slug[i]) + "/";
    return {
      slug: items.slug[i],
      language: shown,
      is_original: shown === original,
      original_language: original,
      languages: values("language"),
      title: items.title[i],
      summary: this.summaries ? this.summaries[i] : null,
      url: new URL(href, window.location.href).href,
      category: one("category"),
      category_label: label("category"),
      country: one("country"),
      country_name: label("country"),
      region: one("region"),
      municipality: items.place[i] >= 0 ? data.places[items.place[i]] : null,
      organisation_name: items.organisation_name[i] >= 0 ? data.organisations[items.organisation_name[i]] : null,
      organisation_type: one("organisation"),
      level_of_government: one("level"),
      education_levels: values("education"),
      topics: values("topic"),
      stage: one("stage"),
      published: items.published[i]
    };
  };

  function csvCell(value, multi) {
    var text;
    if (value === null || value === undefined) text = "";
    else if (multi) text = value.join("|");
    else if (typeof value === "boolean") text = value ? "true" : "false";
    else text = String(value);
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  Catalogue.prototype.exportFile = function (form) {
    var rows = [], results = this.results;
    for (var k = 0; k < results.length; k++) rows.push(this.exportRecord(results[k]));
    var filters = Object.assign({}, this.state, { compare: [] }); // a comparison does not filter the list
    var filtered = !!this.query(filters, 1);
    var name = "practices-" + this.lang + (filtered ? "-filtered" : "-list") + "." + form;
    var text, type;
    if (form === "csv") {
      var lines = [EXPORT_COLUMNS.join(",")];
      rows.forEach(function (row) {
        lines.push(EXPORT_COLUMNS.map(function (c) { return csvCell(row[c], !!EXPORT_MULTI[c]); }).join(","));
      });
      text = "\ufeff" + lines.join("\r\n") + "\r\n"; // a byte order mark: UTF-8 for spreadsheets
      type = "text/csv;charset=utf-8";
    } else {
      var view = new URL(window.location.href);
      view.hash = "";
      text = JSON.stringify({ language: this.lang, source: view.href, columns: EXPORT_COLUMNS, practices: rows }, null, 1) + "\n";
      type = "application/json;charset=utf-8";
    }
    return { name: name, blob: new Blob([text], { type: type }) };
  };

  Catalogue.prototype.download = function (form) {
    var self = this;
    // The summaries are in the files: wait for them if they are still coming.
    Promise.resolve(this.summaries ? null : this.summariesLoaded).then(null, function () { return null; }).then(function () {
      var file = self.exportFile(form), url = URL.createObjectURL(file.blob), a = element("a");
      a.href = url;
      a.download = file.name;
      a.hidden = true;
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    });
  };

  Catalogue.prototype.restore = function () {
    var state = this.readState(window.location.search);
    this.showState(state);
    this.apply(state);
  };

  function getJSON(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status + " for " + url);
      return response.json();
    });
  }

  function setupCatalogue(root) {
    current = null;
    var app = root.querySelector(".gp-app");
    if (!app || !window.fetch || !window.URLSearchParams) return;
    // catalogue.json first (the page preloads it); the summaries after it, so
    // that they do not compete with it for the network and the main thread.
    getJSON(app.getAttribute("data-gp-data"))
      .then(function (data) {
        if (!document.body.contains(app)) return; // the reader has moved on
        var catalogue = new Catalogue(app, data);
        var url = app.getAttribute("data-gp-summaries");
        var summaries = url ? getJSON(url) : Promise.reject(new Error("no summaries"));
        catalogue.summariesLoaded = summaries.then(function (result) { catalogue.setSummaries(result); }, function () { return null; });
        function start() {
          // The form is on the page already (shown by the CSS where this script runs): nothing moves.
          catalogue.restore();
          current = catalogue;
          app.classList.add("gp-app--ready");
        }
        function complete(result) {
          if (!document.body.contains(app)) return;
          if (result && catalogue.setSummaries(result) && catalogue.state && catalogue.state.q.trim()) {
            catalogue.apply(catalogue.state); // summaries are searched too
          }
          app.classList.add("gp-app--complete");
          // Prepare the search text while the reader is not doing anything, not on the first keystroke.
          if (window.requestIdleCallback) window.requestIdleCallback(function () { catalogue.searchText(); }, { timeout: 2000 });
        }
        function failed(error) {
          if (window.console) console.warn("catalogue summaries unavailable:", error);
          return null;
        }
        if (catalogue.isDefault(catalogue.readState(window.location.search))) {
          // The page shows this view already: the filters work now, the summaries follow.
          start();
          summaries.then(complete, function (error) { complete(failed(error)); });
        } else {
          // A shared link to another view: render it once, with the summaries.
          summaries.then(null, failed).then(function (result) {
            if (!document.body.contains(app)) return;
            if (result) catalogue.setSummaries(result);
            start();
            complete(null);
          });
        }
      })
      .catch(function (error) {
        // Without the data the page stays the static list with links to the rest.
        if (window.console) console.warn("catalogue filters unavailable:", error);
      });
  }

  window.addEventListener("popstate", function () {
    if (current && document.body.contains(current.app)) current.restore();
  });

  /* Printable compilation: "Print / save as PDF" buttons ([data-gp-print]). */
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target && target.closest && target.closest("[data-gp-print]")) window.print();
  });

  /* Embed code of a term page: "Copy the code" buttons ([data-gp-copy] names the field); the result
     is announced in the status region beside the button. */
  function announce(button, text) {
    var status = button.parentNode.querySelector("[role=status]");
    if (status) status.textContent = text;
  }
  function copyBySelection(field) {
    field.focus();
    field.select();
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }
  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest && event.target.closest("[data-gp-copy]");
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-gp-copy"));
    if (!field) return;
    var done = function () { announce(button, button.getAttribute("data-gp-copied")); };
    var failed = function () {
      if (copyBySelection(field)) done();
      else announce(button, button.getAttribute("data-gp-copy-failed"));
    };
    announce(button, "");
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(field.value).then(done, failed);
    else failed();
  });

  function init() {
    setupCatalogue(document);
    // Buttons that only work with this script (print, copy) are built hidden and shown here.
    var buttons = document.querySelectorAll("[data-gp-print], [data-gp-copy]");
    for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false;
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
