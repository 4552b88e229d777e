// The interactive part of a map page. It draws on a canvas, itself, the network the server laid
// out (a library's per-node objects made a 5,000-node map take seconds to open: bench/map_open.py),
// labels the most connected nodes (more as one zooms in), shows a hovered node's text and sources
// (links to the sentence each was read from), finds nodes by name, and highlights a clicked node's
// neighbours with its details beside the map. Document text only ever reaches the page as text
// (textContent, canvas fillText); links are followed only when they are same-site paths.
// One closure of ~530 lines, over the usual ~500: drawing, pointer and keyboard handling, the
// tooltip and the panel all read and move the same view and selection state.
(function () {
  "use strict";
  var LABEL_PX = 13;        // label size on screen, whatever the zoom
  var BASE_LABELS = 40;     // labels shown at the zoom that fits the whole map
  var MIN_RADIUS_PX = 2.5;  // however far out one zooms, a node stays visible and clickable

  var data = JSON.parse(document.getElementById("map-data").textContent);
  var count = data.id.length;
  var edges = data.edges;  // [source, target, weight, relation] per line, node indexes
  var texts = null;        // texts and sources, parsed the first time a node is hovered or chosen
  var indexOf = {};
  var links = [];
  var i;
  for (i = 0; i < count; i++) { indexOf[data.id[i]] = i; links.push([]); }
  for (i = 0; i < edges.length; i += 4) { links[edges[i]].push(i); links[edges[i + 1]].push(i); }

  var container = document.getElementById("map");
  var frame = container.parentNode;
  var canvas = document.createElement("canvas");
  container.appendChild(canvas);
  var ctx = canvas.getContext("2d");
  var view = { scale: 1, x: 0, y: 0 };  // a canvas point (x, y) is drawn at (x * scale + view.x, ...)
  var fitScale = 1;
  var width = 0;
  var height = 0;
  var ratio = 1;
  var selected = -1;
  var neighbours = [];
  var hovered = -1;
  var pending = false;

  function textsOf(node) {
    if (texts === null) { texts = JSON.parse(document.getElementById("map-texts").textContent); }
    return { text: texts[node][0], sources: texts[node][1] };
  }
  function shapeOf(node) { return data.kinds[data.kind[node]][2]; }
  function colourOf(node) { return data.kinds[data.kind[node]][1]; }
  function kindWords(node) { return data.kinds[data.kind[node]][0].replace(/([a-z])([A-Z])/g, "$1 $2"); }
  function sentence(edge) {
    return data.name[edges[edge]] + " " + data.relations[edges[edge + 3]][0] + " " + data.name[edges[edge + 1]];
  }
  function otherEnd(edge, node) { return edges[edge] === node ? edges[edge + 1] : edges[edge]; }
  function samePath(url) {
    return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/";
  }
  function open(node) {
    if (samePath(data.url[node])) { window.top.location.href = data.url[node]; }
  }

  // --- where things are on screen ------------------------------------------------------------
  function sx(node) { return data.x[node] * view.scale + view.x; }
  function sy(node) { return data.y[node] * view.scale + view.y; }
  function radius(node) { return Math.max(data.size[node] * view.scale, MIN_RADIUS_PX); }
  function wide(node) { var s = shapeOf(node); return s === "box" || s === "ellipse" ? 1.6 : 1; }

  function resize() {
    ratio = window.devicePixelRatio || 1;
    width = container.clientWidth;
    height = container.clientHeight;
    canvas.width = Math.max(1, Math.round(width * ratio));
    canvas.height = Math.max(1, Math.round(height * ratio));
    canvas.style.width = width + "px";
    canvas.style.height = height + "px";
  }

  function fit() {
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (var n = 0; n < count; n++) {
      var r = data.size[n] * 1.6;
      minX = Math.min(minX, data.x[n] - r); maxX = Math.max(maxX, data.x[n] + r);
      minY = Math.min(minY, data.y[n] - r); maxY = Math.max(maxY, data.y[n] + r);
    }
    if (!count) { minX = minY = -1; maxX = maxY = 1; }
    var scale = Math.min(2, 0.95 * Math.min(width / (maxX - minX), height / (maxY - minY)));
    view.scale = fitScale = scale;
    view.x = width / 2 - (minX + maxX) / 2 * scale;
    view.y = height / 2 - (minY + maxY) / 2 * scale;
  }

  function zoomAt(factor, px, py) {
    var scale = Math.min(Math.max(view.scale * factor, fitScale / 4), Math.max(fitScale * 400, 4));
    view.x = px - (px - view.x) * scale / view.scale;
    view.y = py - (py - view.y) * scale / view.scale;
    view.scale = scale;
    hideTooltip();
    redraw();
  }

  function centreOn(node, scale) {
    view.scale = scale;
    view.x = width / 2 - data.x[node] * scale;
    view.y = height / 2 - data.y[node] * scale;
  }

  function nodeAt(px, py) {
    var best = -1, bestDistance = Infinity;
    for (var n = 0; n < count; n++) {
      var r = radius(n) * 1.2 + 3, w = r * wide(n);
      var dx = sx(n) - px, dy = sy(n) - py;
      if (dx > w || dx < -w || dy > r || dy < -r) { continue; }
      var d = dx * dx / (wide(n) * wide(n)) + dy * dy;
      if (d < bestDistance) { best = n; bestDistance = d; }
    }
    return best;
  }

  // --- drawing -------------------------------------------------------------------------------
  function redraw() {
    if (!pending) { pending = true; window.requestAnimationFrame(draw); }
  }

  function draw() {
    pending = false;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    drawLines();
    drawNodes();
    drawHighlight();
    drawLabels();
  }

  function outside(x, y, margin) {
    return x < -margin || y < -margin || x > width + margin || y > height + margin;
  }

  // Lines of one width go into one path, arrows into another: thousands draw in milliseconds.
  function drawLines() {
    var scale = view.scale;
    var paths = {};
    var arrows = new Path2D();
    var arrow = 7 * Math.min(1, scale / 0.35);
    for (var e = 0; e < edges.length; e += 4) {
      var a = edges[e], b = edges[e + 1];
      var ax = sx(a), ay = sy(a), bx = sx(b), by = sy(b);
      if ((ax < 0 && bx < 0) || (ay < 0 && by < 0) || (ax > width && bx > width) || (ay > height && by > height)) {
        continue;
      }
      var lineWidth = Math.round(2 * Math.max(1, Math.min(edges[e + 2], 8) * Math.min(1, 2 * scale))) / 2;
      var path = paths[lineWidth] || (paths[lineWidth] = new Path2D());
      path.moveTo(ax, ay);
      path.lineTo(bx, by);
      if (data.relations[edges[e + 3]][1] && arrow >= 1.5) {
        var dx = bx - ax, dy = by - ay, length = Math.sqrt(dx * dx + dy * dy) || 1;
        var tipX = ax + dx * 0.7, tipY = ay + dy * 0.7, ux = dx / length, uy = dy / length;
        arrows.moveTo(tipX, tipY);
        arrows.lineTo(tipX - ux * arrow - uy * arrow * 0.5, tipY - uy * arrow + ux * arrow * 0.5);
        arrows.lineTo(tipX - ux * arrow + uy * arrow * 0.5, tipY - uy * arrow - ux * arrow * 0.5);
        arrows.closePath();
      }
    }
    ctx.strokeStyle = ctx.fillStyle = "#9a9a9a";
    Object.keys(paths).forEach(function (lineWidth) {
      ctx.lineWidth = Number(lineWidth);
      ctx.stroke(paths[lineWidth]);
    });
    ctx.fill(arrows);
  }

  function addShape(path, shape, x, y, r) {
    var k, angle;
    if (shape === "square") { path.rect(x - r, y - r, 2 * r, 2 * r); return; }
    if (shape === "box") { path.rect(x - 1.6 * r, y - 0.8 * r, 3.2 * r, 1.6 * r); return; }
    if (shape === "ellipse") { path.moveTo(x + 1.6 * r, y); path.ellipse(x, y, 1.6 * r, r, 0, 0, 2 * Math.PI); return; }
    if (shape === "diamond") {
      path.moveTo(x, y - 1.3 * r); path.lineTo(x + 1.3 * r, y); path.lineTo(x, y + 1.3 * r); path.lineTo(x - 1.3 * r, y);
    } else if (shape === "triangle" || shape === "triangleDown") {
      var d = shape === "triangle" ? 1 : -1;
      path.moveTo(x, y - 1.2 * r * d); path.lineTo(x + 1.1 * r, y + 0.7 * r * d); path.lineTo(x - 1.1 * r, y + 0.7 * r * d);
    } else if (shape === "hexagon") {
      for (k = 0; k < 6; k++) {
        angle = Math.PI / 3 * k;
        path[k ? "lineTo" : "moveTo"](x + 1.1 * r * Math.cos(angle), y + 1.1 * r * Math.sin(angle));
      }
    } else if (shape === "star") {
      for (k = 0; k < 10; k++) {
        angle = Math.PI / 5 * k - Math.PI / 2;
        var reach = k % 2 ? 0.55 * r : 1.3 * r;
        path[k ? "lineTo" : "moveTo"](x + reach * Math.cos(angle), y + reach * Math.sin(angle));
      }
    } else {
      path.moveTo(x + r, y); path.arc(x, y, r, 0, 2 * Math.PI);
    }
    path.closePath();
  }

  // One path per kind of node: colour and shape by kind, outlined once they are big enough.
  function drawNodes() {
    var byKind = data.kinds.map(function () { return new Path2D(); });
    var outlined = false;
    for (var n = count - 1; n >= 0; n--) {
      var r = radius(n), x = sx(n), y = sy(n);
      if (outside(x, y, r * 2)) { continue; }
      addShape(byKind[data.kind[n]], shapeOf(n), x, y, r);
      outlined = outlined || r >= 4;
    }
    ctx.lineWidth = 1;
    ctx.strokeStyle = "#2b2b2b";
    byKind.forEach(function (path, kind) {
      ctx.fillStyle = data.kinds[kind][1];
      ctx.fill(path);
      if (outlined) { ctx.stroke(path); }
    });
    if (data.focus.length) {
      var focus = new Path2D();
      data.focus.forEach(function (n) { addShape(focus, shapeOf(n), sx(n), sy(n), radius(n) + 2); });
      ctx.lineWidth = 4;
      ctx.strokeStyle = "#111";
      ctx.stroke(focus);
    }
    if (hovered >= 0) { ring(hovered, radius(hovered) + 4, 2, "#f5a623"); }
  }

  function ring(node, r, lineWidth, colour) {
    var path = new Path2D();
    addShape(path, shapeOf(node), sx(node), sy(node), r);
    ctx.lineWidth = lineWidth;
    ctx.strokeStyle = colour;
    ctx.stroke(path);
  }

  // A chosen node: the rest dimmed, its links drawn dark, it and its neighbours drawn again on top.
  function drawHighlight() {
    if (selected < 0) { return; }
    ctx.fillStyle = "rgba(255,255,255,0.72)";
    ctx.fillRect(0, 0, width, height);
    ctx.strokeStyle = "#333";
    ctx.lineWidth = 2;
    ctx.beginPath();
    neighbours.forEach(function (n) { ctx.moveTo(sx(selected), sy(selected)); ctx.lineTo(sx(n), sy(n)); });
    ctx.stroke();
    neighbours.concat([selected]).forEach(function (n) {
      var path = new Path2D();
      var r = Math.max(radius(n), n === selected ? 10 : 7);
      addShape(path, shapeOf(n), sx(n), sy(n), r);
      ctx.fillStyle = colourOf(n);
      ctx.fill(path);
      ctx.lineWidth = n === selected ? 4 : 2;
      ctx.strokeStyle = "#111";
      ctx.stroke(path);
    });
  }

  // Labels at a fixed size on screen, most connected first, skipping those that would overlap.
  function drawLabels() {
    var wanted = Math.round(BASE_LABELS * Math.pow(Math.max(1, view.scale / fitScale), 2));
    var placed = [];
    ctx.font = LABEL_PX + "px sans-serif";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    ctx.lineWidth = 3;
    function fits(box) {
      for (var p = 0; p < placed.length; p++) {
        var q = placed[p];
        if (box.x < q.x + q.w && q.x < box.x + box.w && box.y < q.y + q.h && q.y < box.y + box.h) { return false; }
      }
      return true;
    }
    function label(n, force) {
      var x = sx(n), y = sy(n);
      if (outside(x, y, 0)) { return false; }
      var text = data.short[n];
      var w = ctx.measureText(text).width;
      var box = { x: x - w / 2, y: y + radius(n) + 3, w: w, h: LABEL_PX * 1.2 };
      if (!force && !fits(box)) { return false; }
      placed.push(box);
      ctx.strokeStyle = "rgba(255,255,255,0.95)";
      ctx.strokeText(text, box.x, box.y);
      ctx.fillStyle = "#111";
      ctx.fillText(text, box.x, box.y);
      return true;
    }
    if (selected >= 0) {
      label(selected, true);
      neighbours.forEach(function (n) { label(n, false); });
    }
    for (var n = 0, shown = 0; n < count && shown < wanted; n++) {
      if (label(n, false)) { shown++; }
    }
  }

  // --- small DOM helpers (text only ever as text) -------------------------------------------
  function element(tag, text) {
    var made = document.createElement(tag);
    if (text !== undefined) { made.textContent = text; }
    return made;
  }
  function link(text, url) {
    if (!samePath(url)) { return element("span", text); }
    var a = element("a", text);
    a.href = url;
    return a;
  }
  function empty(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function sourceList(sources) {
    var list = element("ul");
    sources.forEach(function (source) {
      var item = element("li");
      item.appendChild(link(source[0], source[1]));
      list.appendChild(item);
    });
    return list;
  }

  // --- the tooltip: stays while the pointer moves onto it, so its source links can be clicked -
  var tip = document.getElementById("map-tooltip");
  var showTimer = 0;
  var hideTimer = 0;

  function showTooltip(n) {
    var about = textsOf(n);
    empty(tip);
    tip.appendChild(element("p")).appendChild(element("strong", data.name[n]));
    tip.appendChild(element("p", kindWords(n))).className = "kind";
    if (about.text) { tip.appendChild(element("p", about.text)); }
    if (about.sources.length) {
      tip.appendChild(element("p", "Read from:"));
      tip.appendChild(sourceList(about.sources));
    }
    tip.setAttribute("data-node", data.id[n]);
    tip.hidden = false;
    var r = radius(n) * wide(n);
    var left = sx(n) + r + 6;
    if (left + tip.offsetWidth > frame.clientWidth) { left = Math.max(0, sx(n) - r - 6 - tip.offsetWidth); }
    var top = Math.min(Math.max(0, sy(n) - 12), Math.max(0, frame.clientHeight - tip.offsetHeight));
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }

  function hideTooltip() {
    window.clearTimeout(showTimer);
    tip.hidden = true;
    tip.removeAttribute("data-node");
  }

  function hover(n) {
    if (n === hovered) { return; }
    hovered = n;
    container.style.cursor = n >= 0 ? "pointer" : "";
    redraw();
    window.clearTimeout(showTimer);
    if (n >= 0) {
      window.clearTimeout(hideTimer);
      showTimer = window.setTimeout(function () { showTooltip(n); }, 150);
    } else {
      hideTimer = window.setTimeout(hideTooltip, 500);  // time to reach the tooltip's links
    }
  }
  tip.addEventListener("pointerenter", function () { window.clearTimeout(hideTimer); });
  tip.addEventListener("pointerleave", function () { hideTimer = window.setTimeout(hideTooltip, 300); });

  // --- the details panel ---------------------------------------------------------------------
  var panel = document.getElementById("map-details");
  function showDetails(n) {
    var about = textsOf(n);
    empty(panel);
    var heading = element("h2", data.name[n]);
    heading.id = "map-details-heading";
    panel.appendChild(heading);
    panel.appendChild(element("p", kindWords(n))).className = "kind";
    if (about.text) { panel.appendChild(element("blockquote", about.text)); }
    if (samePath(data.url[n])) { panel.appendChild(element("p")).appendChild(link("Open its page", data.url[n])); }
    if (about.sources.length) {
      panel.appendChild(element("h3", "Read from"));
      panel.appendChild(sourceList(about.sources));
    }
    panel.appendChild(element("h3", "Neighbours (" + neighbours.length + ")"));
    var around = element("ul");
    links[n].forEach(function (edge) {
      var other = otherEnd(edge, n);
      var item = element("li");
      var button = element("button", data.name[other]);
      button.type = "button";
      button.addEventListener("click", function () { select(other, true); });
      item.appendChild(button);
      item.appendChild(element("span", ": " + sentence(edge))).className = "link-words";
      around.appendChild(item);
    });
    panel.appendChild(around);
  }

  function select(n, move) {
    selected = n;
    neighbours = links[n].map(function (edge) { return otherEnd(edge, n); })
      .filter(function (other, at, all) { return all.indexOf(other) === at; });
    if (move) { centreOn(n, Math.max(view.scale, fitScale * 2.5, 0.8)); }
    hideTooltip();
    showDetails(n);
    document.body.setAttribute("data-selected", data.id[n]);
    redraw();
  }

  function clear() {
    selected = -1;
    neighbours = [];
    document.body.removeAttribute("data-selected");
    redraw();
  }

  // --- pointer, wheel and keyboard -----------------------------------------------------------
  function local(event) {
    var box = canvas.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }
  var drag = null;
  canvas.addEventListener("pointerdown", function (event) {
    if (event.button !== 0) { return; }
    drag = { x: event.clientX, y: event.clientY, viewX: view.x, viewY: view.y, moved: false };
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener("pointermove", function (event) {
    if (drag === null) { var at = local(event); hover(nodeAt(at.x, at.y)); return; }
    var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
    if (!drag.moved && dx * dx + dy * dy < 16) { return; }
    drag.moved = true;
    container.style.cursor = "grabbing";
    hideTooltip();
    view.x = drag.viewX + dx;
    view.y = drag.viewY + dy;
    redraw();
  });
  canvas.addEventListener("pointerup", function (event) {
    if (drag === null) { return; }
    var moved = drag.moved;
    drag = null;
    container.style.cursor = "";
    if (moved) { return; }
    var at = local(event);
    var n = nodeAt(at.x, at.y);
    if (n >= 0) { select(n, false); } else { clear(); }
  });
  canvas.addEventListener("pointerleave", function () { if (drag === null) { hover(-1); } });
  canvas.addEventListener("dblclick", function (event) {
    var at = local(event);
    var n = nodeAt(at.x, at.y);
    if (n >= 0) { open(n); }
  });
  canvas.addEventListener("wheel", function (event) {
    event.preventDefault();
    var at = local(event);
    zoomAt(Math.exp(-event.deltaY * 0.0015), at.x, at.y);
  }, { passive: false });

  var KEYS = {
    ArrowLeft: function () { view.x += 60; }, ArrowRight: function () { view.x -= 60; },
    ArrowUp: function () { view.y += 60; }, ArrowDown: function () { view.y -= 60; },
    "+": function () { zoomAt(1.25, width / 2, height / 2); }, "=": function () { zoomAt(1.25, width / 2, height / 2); },
    "-": function () { zoomAt(0.8, width / 2, height / 2); }, "0": fit, Escape: clear
  };
  container.addEventListener("keydown", function (event) {
    var act = KEYS[event.key];
    if (!act) { return; }
    event.preventDefault();
    act();
    redraw();
  });
  var tools = frame.querySelector(".map-tools");
  tools.hidden = false;
  document.getElementById("map-zoom-in").addEventListener("click", KEYS["+"]);
  document.getElementById("map-zoom-out").addEventListener("click", KEYS["-"]);
  document.getElementById("map-fit").addEventListener("click", function () { fit(); redraw(); });
  window.addEventListener("resize", function () { resize(); redraw(); });

  // --- search --------------------------------------------------------------------------------
  var form = document.getElementById("map-search");
  if (form) {
    var input = document.getElementById("map-find");
    var result = document.getElementById("map-search-result");
    form.hidden = false;
    // the names to choose from, made when first wanted (thousands of options slow a page's opening)
    input.addEventListener("focus", function () {
      var names = document.getElementById("map-names");
      if (names.firstChild) { return; }
      var options = document.createDocumentFragment();
      for (var n = 0; n < count; n++) { options.appendChild(document.createElement("option")).value = data.name[n]; }
      names.appendChild(options);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var wanted = input.value.trim().toLowerCase();
      if (!wanted) { return; }
      var exact = -1, partial = -1;
      for (var n = 0; n < count && exact < 0; n++) {  // most connected first
        var name = data.name[n].toLowerCase(), short = data.short[n].toLowerCase();
        if (name === wanted || short === wanted) { exact = n; }
        if (partial < 0 && (name.indexOf(wanted) >= 0 || short.indexOf(wanted) >= 0)) { partial = n; }
      }
      var found = exact >= 0 ? exact : partial;
      if (found >= 0) {
        select(found, true);
        result.textContent = "Found: " + data.name[found];
      } else {
        result.textContent = "No node in this map is called “" + input.value + "”.";
      }
    });
  }

  resize();
  fit();
  draw();
  document.body.setAttribute("data-map-ready", "yes");
  // for the browser tests: where a node is drawn, what is under a point, choosing a node
  window.sgraphMap = {
    count: count,
    lines: edges.length / 4,
    ids: data.id,
    node: function (id) {
      var n = indexOf[id];
      var about = textsOf(n);
      return { id: id, name: data.name[n], kind: data.kinds[data.kind[n]][0], url: data.url[n],
               text: about.text, sources: about.sources };
    },
    neighbourCount: function (id) {
      var n = indexOf[id];
      return links[n].map(function (edge) { return otherEnd(edge, n); })
        .filter(function (other, at, all) { return all.indexOf(other) === at; }).length;
    },
    screenOf: function (id) { return { x: sx(indexOf[id]), y: sy(indexOf[id]) }; },
    idAt: function (x, y) { var n = nodeAt(x, y); return n >= 0 ? data.id[n] : null; },
    select: function (id) { select(indexOf[id], true); }
  };
})();
