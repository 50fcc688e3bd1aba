// The paper's diagrams, explorable on screen: drag to pan, scroll or the buttons to zoom, and
// click a post to highlight who it reports to, who it answers to and the routes its items take.
// Self-contained: reads the relations embedded in the page and fetches nothing.
(function () {
  "use strict";
  var data = {};
  var source = document.getElementById("relations");
  if (source) { data = JSON.parse(source.textContent || "{}"); }

  function viewBox(svg) {
    var v = svg.getAttribute("viewBox").split(/[\s,]+/).map(Number);
    return {x: v[0], y: v[1], w: v[2], h: v[3]};
  }
  function setBox(svg, b) { svg.setAttribute("viewBox", [b.x, b.y, b.w, b.h].join(" ")); }

  function zoom(svg, factor, cx, cy) {
    var b = viewBox(svg);
    var nx = cx - (cx - b.x) * factor, ny = cy - (cy - b.y) * factor;
    setBox(svg, {x: nx, y: ny, w: b.w * factor, h: b.h * factor});
  }

  function clear(svg) {
    svg.classList.remove("has-focus");
    svg.querySelectorAll(".hl, .hl-self, .hl-reports, .hl-answers, .hl-route").forEach(
      function (el) { el.classList.remove("hl", "hl-self", "hl-reports", "hl-answers", "hl-route"); });
  }

  function mark(svg, id, cls) {
    svg.querySelectorAll("g.node").forEach(function (g) {
      if (g.getAttribute("data-node") === id) { g.classList.add("hl", cls); }
    });
  }

  function focus(svg, scenario, id) {
    clear(svg);
    var rel = (data[scenario] || {})[id];
    if (!rel) { return; }
    svg.classList.add("has-focus");
    mark(svg, id, "hl-self");
    rel.reports.forEach(function (n) { mark(svg, n, "hl-reports"); });
    rel.answers.forEach(function (n) { mark(svg, n, "hl-answers"); });
    var chain = [id].concat(rel.reports);
    var pairs = {};
    rel.routes.forEach(function (p) { pairs[p[0] + "\u0000" + p[1]] = true; mark(svg, p[1], "hl"); });
    for (var i = 0; i + 1 < chain.length; i++) {
      pairs[chain[i + 1] + "\u0000" + chain[i]] = true;
      pairs[chain[i] + "\u0000" + chain[i + 1]] = true;
    }
    rel.answers.forEach(function (n) { pairs[id + "\u0000" + n] = true; });
    svg.querySelectorAll("g.edge").forEach(function (g) {
      var key = g.getAttribute("data-from") + "\u0000" + g.getAttribute("data-to");
      if (pairs[key]) { g.classList.add("hl", "hl-route"); }
    });
  }

  document.querySelectorAll("figure.explorable").forEach(function (fig) {
    var svg = fig.querySelector("svg");
    if (!svg || !svg.getAttribute("viewBox")) { return; }
    var scenario = fig.getAttribute("data-scenario");
    var home = svg.getAttribute("viewBox");
    var controls = document.createElement("div");
    controls.className = "controls";
    [["+", 0.8], ["\u2212", 1.25], ["reset", 0]].forEach(function (spec) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = spec[0];
      b.addEventListener("click", function () {
        if (!spec[1]) { svg.setAttribute("viewBox", home); clear(svg); return; }
        var v = viewBox(svg);
        zoom(svg, spec[1], v.x + v.w / 2, v.y + v.h / 2);
      });
      controls.appendChild(b);
    });
    fig.appendChild(controls);

    function point(evt) {
      var r = svg.getBoundingClientRect(), b = viewBox(svg);
      return {x: b.x + (evt.clientX - r.left) / r.width * b.w,
              y: b.y + (evt.clientY - r.top) / r.height * b.h};
    }
    svg.addEventListener("wheel", function (evt) {
      evt.preventDefault();
      var p = point(evt);
      zoom(svg, evt.deltaY < 0 ? 0.85 : 1 / 0.85, p.x, p.y);
    }, {passive: false});
    var drag = null;
    svg.addEventListener("mousedown", function (evt) {
      drag = {x: evt.clientX, y: evt.clientY, box: viewBox(svg), moved: false};
    });
    window.addEventListener("mousemove", function (evt) {
      if (!drag) { return; }
      var r = svg.getBoundingClientRect();
      var dx = (evt.clientX - drag.x) / r.width * drag.box.w;
      var dy = (evt.clientY - drag.y) / r.height * drag.box.h;
      if (Math.abs(dx) + Math.abs(dy) > 0) { drag.moved = true; }
      setBox(svg, {x: drag.box.x - dx, y: drag.box.y - dy, w: drag.box.w, h: drag.box.h});
    });
    window.addEventListener("mouseup", function () { setTimeout(function () { drag = null; }, 0); });
    svg.querySelectorAll("g.node").forEach(function (g) {
      g.addEventListener("click", function (evt) {
        if (drag && drag.moved) { return; }
        evt.stopPropagation();
        focus(svg, scenario, g.getAttribute("data-node"));
      });
    });
  });
})();
