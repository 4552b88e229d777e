// The interactive part of a map page: draws the network the server laid out, labels the most
// connected nodes (more as one zooms in), finds nodes by name, highlights a clicked node's
// neighbours and shows its details. Document text only ever reaches the page as text
// (textContent, canvas fillText); links are followed only when they are same-site paths.
(function () {
  "use strict";
  var LABEL_PX = 13;      // label size on screen, whatever the zoom
  var BASE_LABELS = 40;   // labels shown at the zoom that fits the whole map
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  // Lines are drawn here rather than by vis-network, whose per-line objects made a
  // 5,000-node map take seconds to open; each node's links are kept for the details panel.
  var edges = data.edges;
  var links = {};
  edges.forEach(function (e) {
    (links[e.from] = links[e.from] || []).push({ other: e.to, words: e.title });
    (links[e.to] = links[e.to] || []).push({ other: e.from, words: e.title });
  });
  var container = document.getElementById("map");
  var network = new vis.Network(container, { nodes: nodes, edges: new vis.DataSet([]) }, data.options);
  var byRank = data.nodes.slice().sort(function (a, b) { return a.rank - b.rank; });
  var selected = null;
  var neighbours = [];
  var fitScale = 1;

  function samePath(url) {
    return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/";
  }

  function open(id) {
    var node = nodes.get(id);
    if (node && samePath(node.url)) { window.top.location.href = node.url; }
  }

  // --- labels, drawn at a fixed size on screen, skipping those that would overlap ------------
  function drawLabels(ctx) {
    var scale = network.getScale();
    var wanted = Math.round(BASE_LABELS * Math.pow(Math.max(1, scale / fitScale), 2));
    var size = LABEL_PX / scale;
    var placed = [];
    var view = network.DOMtoCanvas({ x: 0, y: 0 });
    var far = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    ctx.font = size + "px sans-serif";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    function fits(box) {
      for (var i = 0; i < placed.length; i++) {
        var p = placed[i];
        if (box.x < p.x + p.w && p.x < box.x + box.w && box.y < p.y + p.h && p.y < box.y + box.h) { return false; }
      }
      return true;
    }
    function label(node, force) {
      if (node.x < view.x || node.x > far.x || node.y < view.y || node.y > far.y) { return false; }
      var text = node.short;
      var width = ctx.measureText(text).width;
      var box = { x: node.x - width / 2, y: node.y + 10 / scale + size * 0.4, w: width, h: size * 1.2 };
      if (!force && !fits(box)) { return false; }
      placed.push(box);
      ctx.lineWidth = 3 / scale;
      ctx.strokeStyle = "rgba(255,255,255,0.95)";
      ctx.strokeText(text, box.x, box.y);
      ctx.fillStyle = "#111";
      ctx.fillText(text, box.x, box.y);
      return true;
    }
    var positions = network.getPositions();
    function at(node) { var p = positions[node.id]; return { x: p.x, y: p.y, short: node.short }; }
    if (selected !== null) {
      label(at(nodes.get(selected)), true);
      for (var n = 0; n < neighbours.length; n++) { label(at(nodes.get(neighbours[n])), false); }
    }
    var shown = 0;
    for (var i = 0; i < byRank.length && shown < wanted; i++) {
      if (label(at(byRank[i]), false)) { shown++; }
    }
  }

  // --- lines, under the nodes: width by how many facts the two share, arrows for direction ----
  function drawLines(ctx) {
    var scale = network.getScale();
    var positions = network.getPositions();
    ctx.strokeStyle = "#9a9a9a";
    ctx.fillStyle = "#9a9a9a";
    for (var i = 0; i < edges.length; i++) {
      var e = edges[i];
      var a = positions[e.from], b = positions[e.to];
      if (!a || !b) { continue; }
      ctx.lineWidth = Math.max(1 / scale, Math.min(e.value, 8));
      ctx.beginPath(); ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y); ctx.stroke();
      if (e.directed) {
        var dx = b.x - a.x, dy = b.y - a.y, length = Math.sqrt(dx * dx + dy * dy) || 1;
        var size = 7 / Math.max(scale, 0.35);
        var tipX = a.x + dx * 0.7, tipY = a.y + dy * 0.7, ux = dx / length, uy = dy / length;
        ctx.beginPath();
        ctx.moveTo(tipX, tipY);
        ctx.lineTo(tipX - ux * size - uy * size * 0.5, tipY - uy * size + ux * size * 0.5);
        ctx.lineTo(tipX - ux * size + uy * size * 0.5, tipY - uy * size - ux * size * 0.5);
        ctx.fill();
      }
    }
  }

  // --- a clicked node: the rest dimmed, its neighbours ringed and named -----------------------
  function drawHighlight(ctx) {
    if (selected === null) { return; }
    var scale = network.getScale();
    var topLeft = network.DOMtoCanvas({ x: 0, y: 0 });
    var bottomRight = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    ctx.fillStyle = "rgba(255,255,255,0.72)";
    ctx.fillRect(topLeft.x, topLeft.y, bottomRight.x - topLeft.x, bottomRight.y - topLeft.y);
    var positions = network.getPositions([selected].concat(neighbours));
    var centre = positions[selected];
    ctx.strokeStyle = "#333";
    ctx.lineWidth = 2 / scale;
    for (var i = 0; i < neighbours.length; i++) {
      var p = positions[neighbours[i]];
      ctx.beginPath(); ctx.moveTo(centre.x, centre.y); ctx.lineTo(p.x, p.y); ctx.stroke();
    }
    var ids = [selected].concat(neighbours);
    for (var j = 0; j < ids.length; j++) {
      var node = nodes.get(ids[j]);
      var q = positions[ids[j]];
      ctx.beginPath();
      ctx.arc(q.x, q.y, (ids[j] === selected ? 12 : 8) / scale + 4, 0, 2 * Math.PI);
      ctx.fillStyle = node.color;
      ctx.fill();
      ctx.lineWidth = (ids[j] === selected ? 4 : 2) / scale;
      ctx.strokeStyle = "#111";
      ctx.stroke();
    }
  }

  // --- the details panel ---------------------------------------------------------------------
  var panel = document.getElementById("map-details");
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
  function showDetails(id) {
    var node = nodes.get(id);
    while (panel.firstChild) { panel.removeChild(panel.firstChild); }
    var heading = element("h2", node.name);
    heading.id = "map-details-heading";
    panel.appendChild(heading);
    panel.appendChild(element("p", node.kind.replace(/([a-z])([A-Z])/g, "$1 $2"))).className = "kind";
    var lines = (node.title || "").split("\n").slice(1).filter(function (l) { return l.indexOf("source: ") !== 0; });
    if (lines.length) { panel.appendChild(element("blockquote", lines.join("\n"))); }
    if (samePath(node.url)) {
      var page = element("p");
      page.appendChild(link("Open its page", node.url));
      panel.appendChild(page);
    }
    if (node.sources && node.sources.length) {
      panel.appendChild(element("h3", "Read from"));
      var list = element("ul");
      node.sources.forEach(function (src) {
        var item = element("li");
        item.appendChild(link(src.label, src.url));
        list.appendChild(item);
      });
      panel.appendChild(list);
    }
    panel.appendChild(element("h3", "Neighbours (" + neighbours.length + ")"));
    var around = element("ul");
    (links[id] || []).forEach(function (link) {
      var item = element("li");
      var button = element("button", nodes.get(link.other).name);
      button.type = "button";
      button.addEventListener("click", function () { select(link.other, true); });
      item.appendChild(button);
      item.appendChild(element("span", ": " + link.words)).className = "link-words";
      around.appendChild(item);
    });
    panel.appendChild(around);
  }

  function select(id, move) {
    selected = id;
    neighbours = (links[id] || []).map(function (link) { return link.other; })
      .filter(function (other, i, all) { return all.indexOf(other) === i; });
    network.selectNodes([id]);
    if (move) { network.focus(id, { scale: Math.max(network.getScale(), fitScale * 2.5, 0.8), animation: false }); }
    showDetails(id);
    document.body.setAttribute("data-selected", id);
    network.redraw();
  }

  function clear() {
    selected = null;
    neighbours = [];
    document.body.removeAttribute("data-selected");
    network.redraw();
  }

  network.on("click", function (params) {
    if (params.nodes.length) { select(params.nodes[0], false); } else { clear(); }
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length) { open(params.nodes[0]); }
  });
  network.on("beforeDrawing", drawLines);
  network.on("afterDrawing", function (ctx) {
    drawHighlight(ctx);
    drawLabels(ctx);
  });

  // --- search --------------------------------------------------------------------------------
  var form = document.getElementById("map-search");
  if (form) {
    var input = document.getElementById("map-find");
    var result = document.getElementById("map-search-result");
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var wanted = input.value.trim().toLowerCase();
      if (!wanted) { return; }
      var exact = null;
      var partial = null;
      byRank.forEach(function (node) {
        var name = node.name.toLowerCase();
        var short = node.short.toLowerCase();
        if (!exact && (name === wanted || short === wanted)) { exact = node; }
        if (!partial && (name.indexOf(wanted) >= 0 || short.indexOf(wanted) >= 0)) { partial = node; }
      });
      var found = exact || partial;
      if (found) {
        select(found.id, true);
        result.textContent = "Found: " + found.name;
      } else {
        result.textContent = "No node in this map is called “" + input.value + "”.";
      }
    });
  }

  network.fit({ animation: false });
  fitScale = network.getScale();
  network.once("afterDrawing", function () { document.body.setAttribute("data-map-ready", "yes"); });
  network.redraw();
  if (nodes.length === 0) { document.body.setAttribute("data-map-ready", "yes"); }
  window.sgraphMap = { network: network, nodes: nodes, edges: edges, links: links, select: select };
})();
