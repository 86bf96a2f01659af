// Marking areas to blur on a photo: progressive enhancement of <div data-redact>.
// Without this script the form still works (the hidden field keeps its value).
// No dependencies, no inline styles in markup (CSP): positions are set through the CSSOM.
"use strict";
(function () {
  var MIN_SIZE = 0.01; // smallest region, relative to the photo
  var MIN_DRAG_PX = 8; // a shorter drag is a tap, not a new region
  var STEP = 0.01; // keyboard move/resize step, relative
  var ZOOMS = [1, 1.5, 2, 3, 4];
  var DEFAULT_LABELS = {
    add: "Add area", remove: "Remove", accept: "Accept", dismiss: "Dismiss",
    zoomIn: "Zoom in", zoomOut: "Zoom out", pan: "Move view",
    region: "Area {n}", suggestion: "Suggestion {n}",
    kindFace: "face", kindPlate: "licence plate", kindText: "legible text", kindManual: "marked by hand",
    added: "Area added.", removed: "Area removed.", limit: "No more areas possible.",
    zoom: "Zoom {n} %"
  };

  function clamp(v, lo, hi) { return Math.min(Math.max(v, lo), hi); }
  function round4(v) { return Math.round(v * 10000) / 10000; }
  function isNum(v) { return typeof v === "number" && isFinite(v); }

  function el(tag, className, parent) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (parent) parent.appendChild(node);
    return node;
  }

  function button(className, text, label, parent) {
    var b = el("button", className, parent);
    b.type = "button";
    b.textContent = text;
    if (label) b.setAttribute("aria-label", label);
    return b;
  }

  function parseJSON(text, fallback) {
    try {
      var v = JSON.parse(text);
      if (typeof v === "string") v = JSON.parse(v); // JSON text passed through json_script
      return Array.isArray(v) ? v : fallback;
    } catch (e) { return fallback; }
  }

  function cleanBox(item) {
    if (!item || !isNum(item.x) || !isNum(item.y) || !isNum(item.w) || !isNum(item.h)) return null;
    var x = clamp(item.x, 0, 1 - MIN_SIZE), y = clamp(item.y, 0, 1 - MIN_SIZE);
    return {
      x: x, y: y, w: clamp(item.w, MIN_SIZE, 1 - x), h: clamp(item.h, MIN_SIZE, 1 - y),
      kind: ["face", "plate", "text", "manual"].indexOf(item.kind) >= 0 ? item.kind : "manual",
      id: item.id
    };
  }

  function idList(input) {
    return input && input.value ? input.value.split(",").filter(Boolean) : [];
  }

  function Redactor(root) {
    this.root = root;
    this.img = root.querySelector("img");
    this.input = root.querySelector('input[type="hidden"][name^="regions"]');
    this.suffix = this.input.name.slice("regions".length); // "-<N>"
    this.maxRegions = parseInt(root.getAttribute("data-max-regions"), 10) || 30;
    this.regions = [];
    this.suggestions = [];
    this.zoom = 0;
    this.drag = null;
    this.build();
    var self = this;
    parseJSON(this.input.value, []).map(cleanBox).filter(Boolean).forEach(function (box) {
      self.addRegion(box, true);
    });
    this.loadSuggestions();
    this.updateControls();
  }

  Redactor.prototype.label = function (key, n) {
    var attr = "label" + key.charAt(0).toUpperCase() + key.slice(1);
    var text = this.root.dataset[attr] || DEFAULT_LABELS[key];
    return n === undefined ? text : text.replace("{n}", n);
  };

  Redactor.prototype.kindLabel = function (kind) {
    return this.label("kind" + kind.charAt(0).toUpperCase() + kind.slice(1));
  };

  Redactor.prototype.build = function () {
    var self = this, root = this.root, help = root.querySelector(".redact-help");
    this.helpId = help ? help.id : "";
    this.toolbar = el("div", "redact-toolbar");
    this.addButton = button("redact-add button-secondary", "+ " + this.label("add"), "", this.toolbar);
    this.zoomOutButton = button("redact-zoom-out button-secondary", "\u2212", this.label("zoomOut"), this.toolbar);
    this.zoomInButton = button("redact-zoom-in button-secondary", "+", this.label("zoomIn"), this.toolbar);
    this.panButton = button("redact-pan button-secondary", this.label("pan"), "", this.toolbar);
    this.panButton.setAttribute("aria-pressed", "false");
    this.viewport = el("div", "redact-viewport");
    this.stage = el("div", "redact-stage", this.viewport);
    this.img.parentNode.insertBefore(this.toolbar, this.img);
    this.img.parentNode.insertBefore(this.viewport, this.img);
    this.stage.appendChild(this.img);
    this.img.draggable = false;
    this.suggestionList = el("ul", "redact-suggestions");
    this.suggestionList.hidden = true;
    this.viewport.parentNode.insertBefore(this.suggestionList, this.viewport.nextSibling);
    this.status = el("p", "redact-status visually-hidden", root);
    this.status.setAttribute("role", "status");
    root.classList.add("is-enhanced");

    this.addButton.addEventListener("click", function () { self.addCentred(); });
    this.zoomInButton.addEventListener("click", function () { self.setZoom(self.zoom + 1); });
    this.zoomOutButton.addEventListener("click", function () { self.setZoom(self.zoom - 1); });
    this.panButton.addEventListener("click", function () {
      var on = self.panButton.getAttribute("aria-pressed") !== "true";
      self.panButton.setAttribute("aria-pressed", on ? "true" : "false");
      root.classList.toggle("is-panning", on);
    });
    this.stage.addEventListener("pointerdown", function (e) { self.onPointerDown(e); });
    this.stage.addEventListener("pointermove", function (e) { self.onPointerMove(e); });
    this.stage.addEventListener("pointerup", function (e) { self.onPointerUp(e, false); });
    this.stage.addEventListener("pointercancel", function (e) { self.onPointerUp(e, true); });
  };

  // --- regions -------------------------------------------------------------------------

  Redactor.prototype.addRegion = function (box, quiet) {
    if (this.regions.length >= this.maxRegions) { this.say(this.label("limit")); return null; }
    var self = this;
    var region = { x: box.x, y: box.y, w: box.w, h: box.h, kind: box.kind || "manual",
                   suggestion: box.suggestion };
    var node = region.el = el("div", "redact-region redact-kind-" + region.kind, this.stage);
    node.tabIndex = 0;
    node.setAttribute("role", "group");
    if (this.helpId) node.setAttribute("aria-describedby", this.helpId);
    region.removeButton = button("redact-remove", "", "", node);
    var cross = el("span", "", region.removeButton);
    cross.textContent = "\u00d7";
    cross.setAttribute("aria-hidden", "true");
    region.handle = el("span", "redact-handle", node);
    region.handle.setAttribute("aria-hidden", "true");
    region.removeButton.addEventListener("click", function () { self.removeRegion(region); });
    node.addEventListener("keydown", function (e) { self.onKey(e, region); });
    this.regions.push(region);
    this.place(region);
    this.relabel();
    if (!quiet) { this.sync(); this.say(this.label("added")); }
    return region;
  };

  Redactor.prototype.addCentred = function () {
    var region = this.addRegion({ x: 0.4, y: 0.4, w: 0.2, h: 0.2, kind: "manual" });
    if (region) region.el.focus();
  };

  Redactor.prototype.removeRegion = function (region) {
    var i = this.regions.indexOf(region);
    if (i < 0) return;
    this.regions.splice(i, 1);
    region.el.remove();
    if (region.suggestion !== undefined) { // an accepted suggestion, removed again: dismissed
      this.setIds("accepted", idList(this.accepted).filter(function (id) { return id !== region.suggestion; }));
      this.setIds("dismissed", idList(this.dismissed).concat([region.suggestion]));
    }
    this.relabel();
    this.sync();
    var next = this.regions[Math.min(i, this.regions.length - 1)];
    (next ? next.el : this.addButton).focus();
    this.say(this.label("removed"));
  };

  Redactor.prototype.place = function (r) {
    var s = r.el.style;
    s.left = r.x * 100 + "%"; s.top = r.y * 100 + "%";
    s.width = r.w * 100 + "%"; s.height = r.h * 100 + "%";
  };

  Redactor.prototype.relabel = function () {
    var self = this;
    this.regions.forEach(function (r, i) {
      var name = self.label("region", i + 1) + ", " + self.kindLabel(r.kind);
      r.el.setAttribute("aria-label", name);
      r.removeButton.setAttribute("aria-label", self.label("remove") + ": " + name);
    });
    this.updateControls();
  };

  Redactor.prototype.sync = function () {
    this.input.value = JSON.stringify(this.regions.map(function (r) {
      return { x: round4(r.x), y: round4(r.y), w: round4(r.w), h: round4(r.h), kind: r.kind };
    }));
    this.input.dispatchEvent(new Event("change", { bubbles: true }));
  };

  Redactor.prototype.onKey = function (e, r) {
    if (e.target !== r.el) return; // keys on the remove button keep their meaning
    var dx = { ArrowLeft: -STEP, ArrowRight: STEP }[e.key] || 0;
    var dy = { ArrowUp: -STEP, ArrowDown: STEP }[e.key] || 0;
    if (e.key === "Delete" || e.key === "Backspace") {
      this.removeRegion(r);
    } else if (dx || dy) {
      if (e.shiftKey) {
        r.w = clamp(r.w + dx, MIN_SIZE, 1 - r.x);
        r.h = clamp(r.h + dy, MIN_SIZE, 1 - r.y);
      } else {
        r.x = clamp(r.x + dx, 0, 1 - r.w);
        r.y = clamp(r.y + dy, 0, 1 - r.h);
      }
      this.place(r);
      this.sync();
    } else {
      return;
    }
    e.preventDefault();
  };

  // --- pointer: draw, move, resize, pan ------------------------------------------------

  Redactor.prototype.point = function (e) {
    var rect = this.stage.getBoundingClientRect();
    return {
      x: clamp((e.clientX - rect.left) / rect.width, 0, 1),
      y: clamp((e.clientY - rect.top) / rect.height, 0, 1),
      px: e.clientX, py: e.clientY, rect: rect
    };
  };

  Redactor.prototype.onPointerDown = function (e) {
    if (this.drag || (e.pointerType === "mouse" && e.button !== 0)) return;
    if (e.target.closest("button")) return;
    var p = this.point(e), regionEl = e.target.closest(".redact-region");
    var region = regionEl && this.regions.filter(function (r) { return r.el === regionEl; })[0];
    var panning = this.root.classList.contains("is-panning");
    if (region) {
      var mode = e.target.classList.contains("redact-handle") ? "resize" : "move";
      this.drag = { mode: mode, region: region, start: p, orig: { x: region.x, y: region.y, w: region.w, h: region.h } };
      region.el.focus({ preventScroll: true });
    } else if (panning) {
      if (e.pointerType === "touch") return; // the browser scrolls natively
      this.drag = { mode: "pan", start: p, left: this.viewport.scrollLeft, top: this.viewport.scrollTop };
    } else {
      if (this.regions.length >= this.maxRegions) { this.say(this.label("limit")); return; }
      this.drag = { mode: "draw", start: p, region: null };
    }
    this.drag.pointerId = e.pointerId;
    this.stage.setPointerCapture(e.pointerId);
    e.preventDefault();
  };

  Redactor.prototype.onPointerMove = function (e) {
    var d = this.drag;
    if (!d || e.pointerId !== d.pointerId) return;
    var p = this.point(e), r = d.region, dx = p.x - d.start.x, dy = p.y - d.start.y;
    if (d.mode === "pan") {
      this.viewport.scrollLeft = d.left - (p.px - d.start.px);
      this.viewport.scrollTop = d.top - (p.py - d.start.py);
      return;
    }
    if (d.mode === "draw") {
      var far = Math.abs(p.px - d.start.px) >= MIN_DRAG_PX || Math.abs(p.py - d.start.py) >= MIN_DRAG_PX;
      if (!r && !far) return;
      if (!r) r = d.region = this.addRegion({ x: d.start.x, y: d.start.y, w: MIN_SIZE, h: MIN_SIZE }, true);
      if (!r) { this.drag = null; return; }
      r.x = Math.min(d.start.x, p.x); r.y = Math.min(d.start.y, p.y);
      r.w = Math.max(Math.abs(dx), MIN_SIZE); r.h = Math.max(Math.abs(dy), MIN_SIZE);
      r.x = Math.min(r.x, 1 - r.w); r.y = Math.min(r.y, 1 - r.h);
    } else if (d.mode === "move") {
      r.x = clamp(d.orig.x + dx, 0, 1 - r.w);
      r.y = clamp(d.orig.y + dy, 0, 1 - r.h);
    } else if (d.mode === "resize") {
      r.w = clamp(d.orig.w + dx, MIN_SIZE, 1 - r.x);
      r.h = clamp(d.orig.h + dy, MIN_SIZE, 1 - r.y);
    }
    this.place(r);
  };

  Redactor.prototype.onPointerUp = function (e, cancelled) {
    var d = this.drag;
    if (!d || e.pointerId !== d.pointerId) return;
    this.drag = null;
    if (this.stage.hasPointerCapture(e.pointerId)) this.stage.releasePointerCapture(e.pointerId);
    if (d.mode === "pan") return;
    if (cancelled && d.orig) { // restore the region as it was
      d.region.x = d.orig.x; d.region.y = d.orig.y; d.region.w = d.orig.w; d.region.h = d.orig.h;
      this.place(d.region);
      return;
    }
    if (d.mode === "draw") {
      if (!d.region) return;
      if (cancelled) { this.removeRegion(d.region); return; }
      d.region.el.focus({ preventScroll: true });
      this.say(this.label("added"));
    }
    this.sync();
  };

  // --- zoom ------------------------------------------------------------------------------

  Redactor.prototype.setZoom = function (index) {
    index = clamp(index, 0, ZOOMS.length - 1);
    if (index === this.zoom) return;
    var v = this.viewport, stage = this.stage;
    var cx = (v.scrollLeft + v.clientWidth / 2) / stage.offsetWidth;
    var cy = (v.scrollTop + v.clientHeight / 2) / stage.offsetHeight;
    this.zoom = index;
    stage.style.width = ZOOMS[index] * 100 + "%";
    v.scrollLeft = cx * stage.offsetWidth - v.clientWidth / 2;
    v.scrollTop = cy * stage.offsetHeight - v.clientHeight / 2;
    this.root.classList.toggle("is-zoomed", index > 0);
    this.updateControls();
    this.say(this.label("zoom", ZOOMS[index] * 100));
  };

  Redactor.prototype.updateControls = function () {
    this.zoomOutButton.disabled = this.zoom === 0;
    this.zoomInButton.disabled = this.zoom === ZOOMS.length - 1;
    this.addButton.disabled = this.regions.length >= this.maxRegions;
  };

  // --- suggestions -----------------------------------------------------------------------

  Redactor.prototype.hiddenInput = function (prefix) {
    var name = prefix + this.suffix;
    var input = this.root.querySelector('input[type="hidden"][name="' + name + '"]');
    if (!input) {
      input = el("input", "", this.root);
      input.type = "hidden"; input.name = name; input.value = "";
    }
    return input;
  };

  Redactor.prototype.setIds = function (prefix, ids) {
    var input = prefix === "accepted" ? this.accepted : this.dismissed, seen = {};
    if (!input) return;
    input.value = ids.filter(function (id) { return !seen[id] && (seen[id] = true); }).join(",");
  };

  Redactor.prototype.loadSuggestions = function () {
    var script = this.root.querySelector('script[type="application/json"]');
    var items = script ? parseJSON(script.textContent, []) : [];
    if (!items.length) return;
    this.accepted = this.hiddenInput("accepted");
    this.dismissed = this.hiddenInput("dismissed");
    var decided = idList(this.accepted).concat(idList(this.dismissed)), self = this;
    items.forEach(function (item) {
      var box = cleanBox(item);
      if (!box || box.id === undefined || decided.indexOf(String(box.id)) >= 0) return;
      self.showSuggestion(box);
    });
  };

  // A dashed, numbered box on the photo; its buttons in a list below it (never covering
  // the photo or other areas' handles).
  Redactor.prototype.showSuggestion = function (box) {
    var self = this, id = String(box.id), n = this.suggestions.length + 1;
    var name = this.label("suggestion", n) + ", " + this.kindLabel(box.kind);
    var node = el("div", "redact-suggestion redact-kind-" + box.kind, this.stage);
    node.style.left = box.x * 100 + "%"; node.style.top = box.y * 100 + "%";
    node.style.width = box.w * 100 + "%"; node.style.height = box.h * 100 + "%";
    var badge = el("span", "redact-badge", node);
    badge.textContent = n;
    badge.setAttribute("aria-hidden", "true");
    var item = el("li", "", this.suggestionList);
    var text = el("span", "redact-suggestion-name", item);
    el("span", "redact-badge", text).textContent = n;
    text.firstChild.setAttribute("aria-hidden", "true");
    text.appendChild(document.createTextNode(" " + name));
    var accept = button("redact-accept", this.label("accept"), this.label("accept") + ": " + name, item);
    var dismiss = button("redact-dismiss button-secondary", this.label("dismiss"), this.label("dismiss") + ": " + name, item);
    this.suggestions.push(node);
    this.suggestionList.hidden = false;
    ["mouseenter", "focusin"].forEach(function (t) { item.addEventListener(t, function () { node.classList.add("is-active"); }); });
    ["mouseleave", "focusout"].forEach(function (t) { item.addEventListener(t, function () { node.classList.remove("is-active"); }); });
    function done(region) {
      node.remove();
      item.remove();
      var next = self.suggestionList.querySelector(".redact-accept");
      self.suggestionList.hidden = !next;
      (region ? region.el : next || self.addButton).focus();
    }
    accept.addEventListener("click", function () {
      var region = self.addRegion({ x: box.x, y: box.y, w: box.w, h: box.h, kind: box.kind, suggestion: id });
      if (!region) return; // at the limit; addRegion said so
      self.setIds("accepted", idList(self.accepted).concat([id]));
      done(region);
    });
    dismiss.addEventListener("click", function () {
      self.setIds("dismissed", idList(self.dismissed).concat([id]));
      done(null);
    });
  };

  Redactor.prototype.say = function (text) {
    this.status.textContent = "";
    var status = this.status;
    window.setTimeout(function () { status.textContent = text; }, 50);
  };

  function init() {
    var roots = document.querySelectorAll("[data-redact]");
    Array.prototype.forEach.call(roots, function (root) {
      if (root.dataset.redactReady || !root.querySelector("img") ||
          !root.querySelector('input[type="hidden"][name^="regions"]')) return;
      root.dataset.redactReady = "1";
      new Redactor(root); // eslint-disable-line no-new
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
