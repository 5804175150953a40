/* geoincidents map runtime: draws the incident records on a Leaflet map.
   Inlined into every page by geoincidents/maps.py; report text only ever
   reaches the page through textContent, never as HTML. */
(function () {
  "use strict";
  var GI = window.geoincidents = window.geoincidents || {maps: {}};
  if (GI.init) { return; }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }  // never innerHTML
    return node;
  }
  function present(v) {
    return v !== undefined && v !== null && v !== "" && !(typeof v === "number" && !isFinite(v)) &&
      !(Array.isArray(v) && v.length === 0);
  }
  function text(v) { return Array.isArray(v) ? v.map(String).join(", ") : String(v); }
  function row(table, label, value) {
    if (!present(value)) { return; }
    var tr = el("tr");
    tr.appendChild(el("th", null, label));
    tr.appendChild(el("td", null, text(value)));
    table.appendChild(tr);
  }
  var PRECISION = {1: "the place itself", 2: "near or part of the place", 3: "only the province"};
  var DATE_PRECISION = {1: "the day", 2: "within a week", 3: "the month"};

  // A link to the article the incident comes from; only http(s) addresses
  // (a report's "url" could be javascript:...), text set as text.
  function sourceLink(rec) {
    if (!present(rec.url) || !/^https?:\/\//i.test(String(rec.url))) { return null; }
    var p = el("div", "gi-source"), a = el("a", null, present(rec.title) ? rec.title : "Source article");
    a.href = String(rec.url); a.target = "_blank"; a.rel = "noopener noreferrer";
    p.appendChild(a);
    if (present(rec.outlet)) { p.appendChild(el("span", "gi-outlet", " \u2014 " + rec.outlet)); }
    return p;
  }

  GI.popupNode = function (rec, styles) {
    var style = styles[rec.k], box = el("div", "gi-popup"), head = el("div", "gi-popup-head");
    var swatch = el("span", "gi-swatch");
    swatch.style.background = style.color;
    head.appendChild(swatch);
    head.appendChild(el("b", null, style.label));
    if (rec.status === "denied") { head.appendChild(el("span", "gi-badge", "denied")); }
    box.appendChild(head);
    var t = el("table");
    if (present(rec.type) && rec.type !== rec.k) { row(t, "Reported type", rec.type); }
    row(t, "Date", rec.date);
    row(t, "Date as written", rec.date_text);
    row(t, "Date precision", DATE_PRECISION[rec.time_precision]);
    row(t, "Place as written", rec.place_mention);
    row(t, "Place resolved", rec.place);
    row(t, "Governorate", rec.admin1);
    row(t, "District", rec.admin2);
    if (typeof rec.lat === "number") { row(t, "Coordinates", rec.lat.toFixed(5) + ", " + rec.lon.toFixed(5)); }
    if (present(rec.geo_precision)) {
      var p = PRECISION[rec.geo_precision] || String(rec.geo_precision);
      if (present(rec.uncertainty_km)) { p += " (\u00b1" + rec.uncertainty_km + " km)"; }
      row(t, "Precision", p);
    }
    var killed = rec.fatalities;  // fused reports may disagree: "2 to 5"
    if (present(rec.fatalities_max) && rec.fatalities_max !== rec.fatalities) {
      killed = present(rec.fatalities) ? rec.fatalities + " to " + rec.fatalities_max : "up to " + rec.fatalities_max;
    }
    row(t, "Killed", killed);
    row(t, "Injured", rec.injured);
    row(t, "Arrested", rec.arrested);
    row(t, "Vehicles", rec.vehicles);
    row(t, "Actors", rec.actors);
    row(t, "Actor 1", rec.actor1);
    row(t, "Actor 2", rec.actor2);
    row(t, "From", rec.origin);
    row(t, "To", rec.destinations);
    row(t, "Source", rec.source);
    row(t, "Document", rec.doc);
    row(t, "ACLED", [rec.acled_event_type, rec.acled_sub_event_type].filter(present));
    row(t, "Confidence", rec.confidence);
    row(t, "Incident", rec.id);
    // A foreign file's own properties, as it names them.
    (rec.extra || []).forEach(function (pair) { row(t, pair[0], pair[1]); });
    box.appendChild(t);
    if (present(rec.evidence)) { box.appendChild(el("blockquote", "gi-evidence", rec.evidence)); }
    var link = sourceLink(rec);
    if (link) { box.appendChild(link); }
    return box;
  };

  function tooltipNode(rec, styles) {
    var parts = [styles[rec.k].label];
    if (present(rec.date)) { parts.push(rec.date); }
    if (present(rec.place || rec.place_mention)) { parts.push(rec.place || rec.place_mention); }
    return el("span", null, parts.map(String).join(" \u00b7 "));
  }

  function routeTooltip(rec, i) {
    var box = el("div"), dests = rec.destinations;
    var to = Array.isArray(dests) ? dests[i] : dests;
    var head = "Convoy" + (present(rec.vehicles) ? ": " + rec.vehicles + " vehicles" : "");
    box.appendChild(el("b", null, head));
    box.appendChild(el("div", null, (present(rec.origin) ? text(rec.origin) : "?") + " \u2192 " +
                                     (present(to) ? text(to) : "?")));
    if (present(rec.date)) { box.appendChild(el("div", null, rec.date)); }
    return box;
  }

  // One cluster bubble for all types: its ring shows the mix of types inside
  // (a CSS conic gradient), its number how many. Only our colours and numbers
  // go into this markup.
  function clusterIcon(styles, order) {
    return function (cluster) {
      var counts = {}, total = 0, stops = [], at = 0;
      cluster.getAllChildMarkers().forEach(function (m) { counts[m.gi.k] = (counts[m.gi.k] || 0) + 1; total++; });
      order.forEach(function (k) {
        if (!counts[k]) { return; }
        var next = at + 360 * counts[k] / total;
        stops.push(styles[k].color + " " + at.toFixed(1) + "deg " + next.toFixed(1) + "deg");
        at = next;
      });
      var size = total < 100 ? 34 : total < 1000 ? 40 : 46;
      return L.divIcon({html: '<div style="background:conic-gradient(' + stops.join(",") + ')"><span>' +
                              total + "</span></div>",
                        className: "gi-cluster", iconSize: L.point(size, size)});
    };
  }

  // The arrowhead: a triangle built in screen pixels at the current zoom, so it
  // keeps its size; recomputed on zoom. Pure vector: nothing to download.
  function arrowHead(map, a, b, frac, size) {
    var z = map.getZoom(), pa = map.project(a, z), pb = map.project(b, z);
    var dx = pb.x - pa.x, dy = pb.y - pa.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
    var ux = dx / len, uy = dy / len, tip = L.point(pa.x + dx * frac, pa.y + dy * frac);
    var back = L.point(tip.x - ux * size, tip.y - uy * size);
    return [map.unproject(tip, z),
            map.unproject(L.point(back.x - uy * size * 0.6, back.y + ux * size * 0.6), z),
            map.unproject(L.point(back.x + uy * size * 0.6, back.y - ux * size * 0.6), z)];
  }

  // The records travel column by column (maps.records_columns): a repeated
  // value once in a dictionary "d" with indexes "i", others as values "v".
  function decodeColumns(block) {
    var n = block.n, out = new Array(n), i;
    for (i = 0; i < n; i++) { out[i] = {}; }
    Object.keys(block.cols).forEach(function (name) {
      var c = block.cols[name], d = c.d, codes = c.i, values = c.v;
      if (d) {
        for (i = 0; i < n; i++) { if (codes[i] >= 0) { out[i][name] = d[codes[i]]; } }
      } else {
        for (i = 0; i < n; i++) { if (values[i] !== null) { out[i][name] = values[i]; } }
      }
    });
    return out;
  }
  GI.decodeColumns = decodeColumns;

  GI.init = function (cfg, opts) {
    var map = cfg.map, styles = opts.styles, startedAt = performance.now();
    var records = decodeColumns(JSON.parse(document.getElementById(opts.dataId).textContent));
    var S = {map: map, records: records, groups: cfg.groups, cluster: cfg.cluster, markers: {}, heat: cfg.heat,
             routes: cfg.routes, circles: cfg.circles, wideCircles: cfg.wideCircles, from: null, to: null, undated: true,
             shown: records.length, arrows: []};
    GI.maps[opts.name] = S;
    if (opts.offline) { L.DomUtil.addClass(map.getContainer(), "gi-offline"); }
    if (opts.basemapId && cfg.basemap) {
      S.basemap = GI.basemap(map, cfg.basemap, JSON.parse(document.getElementById(opts.basemapId).textContent),
                             !opts.offline);
    }
    // Fit before any marker is added, without animation: an animated zoom ends
    // later and would make the clusters be computed twice.
    if (opts.bounds) { map.fitBounds(opts.bounds, {padding: [30, 30], maxZoom: 12, animate: false}); }

    var icons = {};
    Object.keys(styles).forEach(function (k) {
      var base = {html: styles[k].svg, iconSize: [22, 22], iconAnchor: [11, 11], popupAnchor: [0, -9]};
      var cls = "gi-t-" + k.replace(/[^A-Za-z0-9_-]/g, "_");  // a foreign type is any text
      icons[k] = L.divIcon(L.extend({className: "gi-marker " + cls}, base));
      icons[k + "/denied"] = L.divIcon(L.extend({className: "gi-marker gi-faded " + cls}, base));
    });
    // Big maps stop clustering at street zoom (clustering every level costs
    // seconds at 100,000); incidents sharing a point, as gazetteer places make
    // them, are then fanned out on a small spiral (~20 m steps) so that each
    // one can be clicked. Popups, circles and the heat map keep the true point.
    var spread = !!(S.cluster && S.cluster.options.disableClusteringAtZoom), stacked = {};
    for (var i = 0; i < (opts.huge ? 0 : records.length); i++) {  // huge maps make markers on demand
      var rec = records[i], at = [rec.lat, rec.lon];
      if (!S.groups[rec.k]) { continue; }
      if (spread) {
        var key = rec.lat + "," + rec.lon, n = stacked[key] = (stacked[key] || 0) + 1;
        if (n > 1) {
          var r = 0.00018 * Math.sqrt(n - 1), angle = (n - 1) * 2.39996;  // golden angle
          at = [rec.lat + r * Math.sin(angle), rec.lon + r * Math.cos(angle) / Math.cos(rec.lat * Math.PI / 180)];
        }
      }
      var m = L.marker(at, {icon: icons[rec.k + (rec.status === "denied" ? "/denied" : "")],
                                             keyboard: false});
      m.gi = rec;
      (S.markers[rec.k] = S.markers[rec.k] || []).push(m);
    }

    // One handler per group instead of a popup object per marker: cheap at 100,000.
    S.openPopup = function (m) {
      return L.popup({maxWidth: 400, offset: [0, -8], autoPanPadding: [20, 20]})
        .setLatLng(m.getLatLng()).setContent(GI.popupNode(m.gi, styles)).openOn(map);
    };
    function onClick(e) {
      var m = e.layer || e.propagatedFrom;
      if (m && m.gi) { S.openPopup(m); }
    }
    function onOver(e) {
      var m = e.layer || e.propagatedFrom;
      if (!m || !m.gi || m.getTooltip()) { return; }
      m.bindTooltip(tooltipNode(m.gi, styles), {direction: "top", offset: [0, -10]}).openTooltip();
    }
    // Clustered, every marker sits in the one cluster group and the type
    // layers are empty switches (what Leaflet.FeatureGroup.SubGroup does);
    // otherwise each type layer holds its markers.
    var holders = S.cluster ? [S.cluster] : Object.keys(S.groups).map(function (k) { return S.groups[k]; });
    if (S.cluster) {
      S.cluster.options.iconCreateFunction = clusterIcon(styles, opts.order);
      // Incidents at one place (a gazetteer point) spread apart on a click at
      // any zoom; other clusters zoom in to their bounds.
      S.cluster.on("clusterclick", function (e) {
        var b = e.layer.getBounds();
        if (b.getNorthEast().equals(b.getSouthWest()) || map.getZoom() >= map.getMaxZoom()) { e.layer.spiderfy(); }
        else { e.layer.zoomToBounds({padding: [40, 40]}); }
      });
    }
    holders.forEach(function (g) { g.on("click", onClick); g.on("mouseover", onOver); });

    // Lines and polygons of a foreign file: in their type's layer, under the markers.
    S.shapes = opts.shapesId ? JSON.parse(document.getElementById(opts.shapesId).textContent) : [];
    S.shapes.forEach(function (rec) {
      var color = styles[rec.k].color;
      rec._layer = L.geoJSON(rec.g, {style: {color: color, weight: 2, opacity: 0.85, fillOpacity: 0.12,
                                             className: "gi-shape"}});
      rec._layer.on("click", function (e) {
        L.popup({maxWidth: 400}).setLatLng(e.latlng).setContent(GI.popupNode(rec, styles)).openOn(map);
      });
    });

    var routeRenderer = opts.canvasRoutes ? L.canvas({padding: 0.5}) : L.svg({padding: 0.5});
    var circleRenderer = L.canvas({padding: 0.5});

    function passes(rec) {
      if (!rec.day) { return S.undated; }
      return (!S.from || rec.day >= S.from) && (!S.to || rec.day <= S.to);
    }
    function filtering() { return !!(S.from || S.to || !S.undated); }
    function typeShown(k) { return !!S.groups[k] && map.hasLayer(S.groups[k]); }

    function routeLayers(rec) {
      if (rec._route) { return rec._route; }
      var color = styles[rec.k].color, origin = L.latLng(rec.route[0]), out = [];
      rec.route[1].forEach(function (end, i) {
        var dest = L.latLng(end);
        var line = L.polyline([origin, dest], {color: color, weight: 3, opacity: 0.85, dashArray: "8 6",
                                                className: "gi-route", renderer: routeRenderer});
        line.bindTooltip(routeTooltip(rec, i), {sticky: true});
        var head = L.polygon([origin, origin, origin], {color: color, weight: 1, fillOpacity: 0.95,
                              className: "gi-route-arrow", interactive: false, renderer: routeRenderer});
        head.giEnds = [origin, dest];
        out.push(line, head);
      });
      rec._route = out;
      return out;
    }
    function placeArrows() {
      S.arrows.forEach(function (h) { h.setLatLngs(arrowHead(map, h.giEnds[0], h.giEnds[1], 0.55, 11)); });
    }
    function circleFor(rec) {
      if (!rec._circle) {  // faint, under the markers (overlay pane), never catching a click
        rec._circle = L.circle([rec.lat, rec.lon], {radius: rec.uncertainty_km * 1000, color: styles[rec.k].color,
          weight: 1, opacity: 0.35, dashArray: "4 3", fillOpacity: 0.04, interactive: false,
          renderer: circleRenderer});
      }
      return rec._circle;
    }

    // Layers that follow the markers: routes, circles and heat show only the
    // types switched on and the dates let through.
    S.refreshOverlays = function () {
      var wantRoutes = S.routes && map.hasLayer(S.routes), wantCircles = S.circles && map.hasLayer(S.circles);
      var wantWide = S.wideCircles && map.hasLayer(S.wideCircles), wide = [];
      var wantHeat = S.heat && map.hasLayer(S.heat), heat = [], routes = [], circles = [];
      if (!wantRoutes && !wantCircles && !wantHeat && !wantWide) { return; }
      for (var i = 0; i < records.length; i++) {
        var rec = records[i];
        if (!typeShown(rec.k) || !passes(rec)) { continue; }
        if (wantHeat) { heat.push([rec.lat, rec.lon]); }
        if (wantRoutes && rec.route) { Array.prototype.push.apply(routes, routeLayers(rec)); }
        if (rec.geo_precision > 1 && rec.uncertainty_km > 0) {
          if (rec.uncertainty_km > opts.wideKm) { if (wantWide) { wide.push(circleFor(rec)); } }
          else if (wantCircles) { circles.push(circleFor(rec)); }
        }
      }
      if (wantHeat) { S.heat.setLatLngs(heat); }
      if (wantRoutes) {
        S.routes.clearLayers();
        S.arrows = routes.filter(function (l) { return l.giEnds; });
        placeArrows();
        routes.forEach(function (l) { S.routes.addLayer(l); });
      }
      if (wantCircles) {
        S.circles.clearLayers();
        circles.forEach(function (c) { S.circles.addLayer(c); });
      }
      if (wantWide) {
        S.wideCircles.clearLayers();
        wide.forEach(function (c) { S.wideCircles.addLayer(c); });
      }
    };

    function kept(k) {
      var all = S.markers[k] || [];
      return filtering() ? all.filter(function (m) { return passes(m.gi); }) : all;
    }
    // Markers of the types switched on that pass the date filter: rebuilt on a
    // date change; a type switched on or off only adds or removes its own.
    S.applyFilter = function () {
      var shown = 0, batch = [];
      Object.keys(S.markers).forEach(function (k) {
        var keep = kept(k);
        shown += keep.length;
        if (S.cluster) {
          // A loop, not push.apply: a million arguments overflow the call stack.
          if (typeShown(k)) { for (var j = 0; j < keep.length; j++) { batch.push(keep[j]); } }
        } else {
          S.groups[k].clearLayers();
          keep.forEach(function (m) { S.groups[k].addLayer(m); });
        }
      });
      if (S.cluster) { S.cluster.clearLayers(); S.cluster.addLayers(batch); }
      S.shapes.forEach(function (rec) {
        var group = S.groups[rec.k], keep = passes(rec);
        if (!group) { return; }
        if (keep && !group.hasLayer(rec._layer)) { group.addLayer(rec._layer); }
        else if (!keep && group.hasLayer(rec._layer)) { group.removeLayer(rec._layer); }
      });
      S.shown = shown;
      S.refreshOverlays();
      if (S.onCount) { S.onCount(); }
    };
    function onTypeSwitch(e) {
      var k = Object.keys(S.groups).filter(function (key) { return S.groups[key] === e.layer; })[0];
      if (k && S.cluster) {
        if (e.type === "overlayadd") { S.cluster.addLayers(kept(k)); } else { S.cluster.removeLayers(S.markers[k] || []); }
      }
      S.refreshOverlays();
    }

    // Markers currently drawn (in clusters or not): what the browser tests count.
    S.markerCount = function () {
      if (S.cluster) { return S.cluster.getLayers().length; }
      return Object.keys(S.groups).reduce(function (n, k) {
        return n + (map.hasLayer(S.groups[k]) ? S.groups[k].getLayers().length : 0);
      }, 0);
    };
    S.findMarker = function (id) {
      var found = null;
      Object.keys(S.markers).forEach(function (k) {
        S.markers[k].forEach(function (m) { if (m.gi.id === id) { found = m; } });
      });
      return found;
    };

    if (opts.huge) {
      GI.huge(S, {styles: styles, icons: icons, passes: passes, typeShown: typeShown, onClick: onClick, onOver: onOver});
    } else {
      map.on("overlayadd overlayremove", onTypeSwitch);
    }
    map.on("zoomend", placeArrows);
    if (opts.dates) { S.dateControl = GI.dateControl(S, opts.dates, styles, opts.order).addTo(map); }
    if (records.length) { S.search = GI.searchControl(S).addTo(map); }
    if (opts.legend !== null) { S.legend = GI.legendControl(opts.legend).addTo(map); }
    S.applyFilter();
    S.startedAt = startedAt;
    S.ready = true;
    S.readyAt = performance.now();  // ms since navigation start: benchmarks/bench_map.py reads it
    window.__giReady = true;
    map.fire("gi:ready");
    return S;
  };

  GI.legendControl = function (markup) {
    var Legend = L.Control.extend({
      options: {position: "bottomright"},
      onAdd: function () {
        var box = el("div", "gi-legend");
        box.innerHTML = markup;  // built and escaped in Python (maps._legend_html)
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      }
    });
    return new Legend();
  };

  // Remembered per date: the histogram asks for every record's day (a million
  // Date.parse calls took half a second).
  var DAY_NUMBERS = {};
  function dayNumber(iso) {
    var n = DAY_NUMBERS[iso];
    if (n === undefined) { n = DAY_NUMBERS[iso] = Math.round(Date.parse(iso + "T00:00:00Z") / 86400000); }
    return n;
  }
  function isoDay(n) { return new Date(n * 86400000).toISOString().slice(0, 10); }

  // More incidents than a marker each can carry (opts.huge, a million): while
  // zoomed out one canvas draws them counted on a 48-pixel screen grid,
  // coloured by the commonest type of each cell; once few enough are in view
  // (or at street zoom) real markers are made for those only. Points are
  // projected to Web Mercator once, so a redraw is one pass over the records.
  var CELL = 48, IN_VIEW_MARKERS = 1500;
  GI.huge = function (S, ctx) {
    var map = S.map, records = S.records, n = records.length, i;
    var wx = new Float64Array(n), wy = new Float64Array(n);
    for (i = 0; i < n; i++) {
      var lat = Math.max(-85.05, Math.min(85.05, records[i].lat)) * Math.PI / 180;
      wx[i] = (records[i].lon + 180) / 360;
      wy[i] = (1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2;
    }
    var canvas = L.DomUtil.create("canvas", "gi-aggregate");
    map.getPanes().overlayPane.appendChild(canvas);
    var inView = L.featureGroup().addTo(map), cells = [];  // a feature group: its markers' clicks reach it
    inView.on("click", ctx.onClick); inView.on("mouseover", ctx.onOver);
    S.inView = inView;
    function markerFor(rec) {
      if (!rec._marker) {
        rec._marker = L.marker([rec.lat, rec.lon], {icon: ctx.icons[rec.k + (rec.status === "denied" ? "/denied" : "")],
                                                    keyboard: false});
        rec._marker.gi = rec;
      }
      return rec._marker;
    }
    S.redraw = function () {
      var size = map.getSize(), z = map.getZoom(), scale = 256 * Math.pow(2, z), origin = map.getPixelBounds().min;
      var topLeft = map.containerPointToLayerPoint([0, 0]);
      L.DomUtil.setPosition(canvas, topLeft);
      canvas.width = size.x; canvas.height = size.y;
      var g = canvas.getContext("2d"), cols = Math.ceil(size.x / CELL) + 1, grid = {}, visible = [], shown = 0;
      for (var j = 0; j < n; j++) {
        var rec = records[j];
        if (!ctx.typeShown(rec.k) || !ctx.passes(rec)) { continue; }
        shown++;
        var x = wx[j] * scale - origin.x, y = wy[j] * scale - origin.y;
        if (x < 0 || y < 0 || x >= size.x || y >= size.y) { continue; }
        if (visible.length <= IN_VIEW_MARKERS) { visible.push(rec); }
        var key = Math.floor(y / CELL) * cols + Math.floor(x / CELL), c = grid[key];
        if (!c) { c = grid[key] = {n: 0, x: 0, y: 0, types: {}}; }
        c.n++; c.x += x; c.y += y; c.types[rec.k] = (c.types[rec.k] || 0) + 1;
      }
      S.shown = shown;
      inView.clearLayers();
      cells = [];
      if (visible.length <= IN_VIEW_MARKERS || z >= 14) {
        // Few enough (or street zoom): the markers themselves, at most a screenful.
        visible.slice(0, IN_VIEW_MARKERS).forEach(function (rec) { inView.addLayer(markerFor(rec)); });
      } else {
        Object.keys(grid).forEach(function (key) {
          var c = grid[key], best = null;
          Object.keys(c.types).forEach(function (k) { if (!best || c.types[k] > c.types[best]) { best = k; } });
          var cx = c.x / c.n, cy = c.y / c.n, r = Math.min(22, 7 + 3 * Math.log(c.n) / Math.LN10 * 2);
          cells.push({x: cx, y: cy, r: r, n: c.n});
          g.beginPath(); g.arc(cx, cy, r, 0, 2 * Math.PI);
          g.fillStyle = ctx.styles[best].color; g.globalAlpha = 0.78; g.fill();
          g.globalAlpha = 1; g.lineWidth = 1.5; g.strokeStyle = "#fff"; g.stroke();
          g.fillStyle = "#fff"; g.font = "bold 11px sans-serif"; g.textAlign = "center"; g.textBaseline = "middle";
          g.fillText(c.n >= 1000 ? Math.round(c.n / 100) / 10 + "k" : String(c.n), cx, cy);
        });
      }
      S.cells = cells;
      if (S.onCount) { S.onCount(); }
    };
    // A click on a cell zooms in on it.
    map.on("click", function (e) {
      var p = e.containerPoint;
      for (var k = 0; k < cells.length; k++) {
        var c = cells[k], dx = p.x - c.x, dy = p.y - c.y;
        if (dx * dx + dy * dy <= c.r * c.r) {
          map.setZoomAround(L.point(c.x, c.y), Math.min(map.getZoom() + 2, map.getMaxZoom()));
          return;
        }
      }
    });
    map.on("moveend zoomend resize", S.redraw);
    map.on("zoomstart", function () { canvas.style.visibility = "hidden"; });
    map.on("zoomend", function () { canvas.style.visibility = ""; });
    map.on("overlayadd overlayremove", function () { S.applyFilter(); });
    S.applyFilter = function () { S.redraw(); S.refreshOverlays(); };
    S.markerCount = function () { return S.shown; };
    S.findMarker = function (id) {
      for (var k = 0; k < n; k++) { if (records[k].id === id) { return markerFor(records[k]); } }
      return null;
    };
  };

  // Weeks start on Monday; day 0 (1970-01-01) was a Thursday.
  function weekOf(day) { return Math.floor((day + 3) / 7); }
  function weekStart(week) { return week * 7 - 3; }

  GI.dateControl = function (S, range, styles, order) {
    var Dates = L.Control.extend({
      options: {position: "bottomleft"},
      onAdd: function () {
        var box = el("div", "gi-dates");
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        box.appendChild(el("b", null, "Dates"));
        var histogram = GI.histogram(S, range, styles, order);
        box.appendChild(histogram.node);
        function dateInput(label, value) {
          var lab = el("label", null, label + " "), input = el("input");
          input.type = "date"; input.min = range.min; input.max = range.max; input.value = value;
          lab.appendChild(input); box.appendChild(lab);
          return input;
        }
        var from = dateInput("From", range.min), to = dateInput("To", range.max);
        var slider = el("input");
        slider.type = "range"; slider.min = dayNumber(range.min); slider.max = dayNumber(range.max);
        slider.value = slider.max; slider.title = "Show incidents up to this day";
        box.appendChild(slider);
        // Play: a window of one day or one week steps from the first date to
        // the last, showing only the incidents inside it.
        var player = el("div", "gi-play"), play = el("button", "gi-play-button", "\u25b6 Play");
        var step = el("select", "gi-play-step");
        [["7", "week by week"], ["1", "day by day"]].forEach(function (o) {
          var opt = el("option", null, o[1]); opt.value = o[0]; step.appendChild(opt);
        });
        play.type = "button";
        player.appendChild(play); player.appendChild(step);
        box.appendChild(player);
        var undatedLabel = el("label"), undated = el("input");
        undated.type = "checkbox"; undated.checked = true;
        undatedLabel.appendChild(undated);
        undatedLabel.appendChild(document.createTextNode(" undated incidents"));
        box.appendChild(undatedLabel);
        var count = el("div", "gi-dates-count");
        box.appendChild(count);
        S.onCount = function () {
          count.textContent = S.shown.toLocaleString() + " of " + S.records.length.toLocaleString() + " shown";
        };
        function apply() {
          S.from = from.value && from.value > range.min ? from.value : null;
          S.to = to.value && to.value < range.max ? to.value : null;
          S.undated = undated.checked;
          histogram.show(S.from || range.min, S.to || range.max);
          S.applyFilter();
        }
        from.addEventListener("change", apply);
        to.addEventListener("change", function () {
          if (to.value) { slider.value = dayNumber(to.value); }
          apply();
        });
        // "change", not "input": re-clustering 100,000 markers per pixel of drag would stall.
        slider.addEventListener("change", function () { to.value = isoDay(+slider.value); apply(); });
        undated.addEventListener("change", apply);
        S.setDates = function (a, b, withUndated) {
          from.value = a || range.min; to.value = b || range.max;
          if (withUndated !== undefined) { undated.checked = withUndated !== false; }
          apply();
        };
        histogram.onBrush = function (a, b) { S.setDates(a, b); };

        var timer = null, at = null;
        function stop() {
          if (timer) { clearInterval(timer); timer = null; }
          play.textContent = "\u25b6 Play";
          S.playing = false;
        }
        function tick() {
          var days = +step.value, first = dayNumber(range.min), last = dayNumber(range.max);
          if (at === null || at > last) { at = days === 7 ? weekStart(weekOf(first)) : first; }
          S.playFrame = isoDay(at);
          S.setDates(isoDay(Math.max(at, first)), isoDay(Math.min(at + days - 1, last)), false);
          at += days;
          if (at > last) { stop(); at = null; }
        }
        play.addEventListener("click", function () {
          if (timer) { stop(); return; }
          S.playing = true;
          play.textContent = "\u275a\u275a Pause";
          tick();
          if (S.playing) { timer = setInterval(tick, S.playInterval || 900); }
        });
        step.addEventListener("change", function () { at = null; });
        S.stopPlaying = stop;
        return box;
      }
    });
    return new Dates();
  };

  // Incidents per week, stacked by type: an SVG of our own numbers and
  // colours only. Drag across it to keep those weeks; click to show all.
  GI.histogram = function (S, range, styles, order) {
    var first = weekOf(dayNumber(range.min)), last = weekOf(dayNumber(range.max)), n = last - first + 1;
    var counts = [], max = 1, i, w;
    for (i = 0; i < n; i++) { counts.push({}); }
    S.records.forEach(function (rec) {
      if (!rec.day) { return; }
      var c = counts[weekOf(dayNumber(rec.day)) - first];
      c[rec.k] = (c[rec.k] || 0) + 1;
    });
    counts.forEach(function (c) {
      var total = 0;
      Object.keys(c).forEach(function (k) { total += c[k]; });
      c.total = total; max = Math.max(max, total);
    });
    var W = 240, H = 54, bar = W / n, NS = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("width", W); svg.setAttribute("height", H); svg.setAttribute("class", "gi-histogram");
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    function rect(x, y, width, height, fill, cls) {
      var r = document.createElementNS(NS, "rect");
      r.setAttribute("x", x.toFixed(2)); r.setAttribute("y", y.toFixed(2));
      r.setAttribute("width", Math.max(width, 0.5).toFixed(2)); r.setAttribute("height", height.toFixed(2));
      if (fill) { r.setAttribute("fill", fill); }
      if (cls) { r.setAttribute("class", cls); }
      svg.appendChild(r);
      return r;
    }
    for (w = 0; w < n; w++) {
      var y = H;
      order.forEach(function (k) {
        if (!counts[w][k]) { return; }
        var h = (H - 2) * counts[w][k] / max;
        y -= h;
        var r = rect(w * bar, y, bar - (bar > 3 ? 1 : 0), h, styles[k].color, "gi-bar");
        var title = document.createElementNS(NS, "title");
        title.textContent = isoDay(weekStart(first + w)) + ": " + counts[w][k] + " " + styles[k].label;
        r.appendChild(title);
      });
    }
    var shade = rect(0, 0, 0, H, null, "gi-brush");
    var api = {node: svg, counts: counts, firstWeek: first, onBrush: null};
    function weekAt(evt) {
      var box = svg.getBoundingClientRect();
      return Math.min(n - 1, Math.max(0, Math.floor((evt.clientX - box.left) / box.width * n)));
    }
    api.show = function (a, b) {
      var wa = weekOf(dayNumber(a)) - first, wb = weekOf(dayNumber(b)) - first;
      var all = a <= range.min && b >= range.max;
      shade.setAttribute("x", (all ? 0 : wa * bar).toFixed(2));
      shade.setAttribute("width", (all ? 0 : (wb - wa + 1) * bar).toFixed(2));
    };
    var start = null;
    svg.addEventListener("mousedown", function (evt) { start = weekAt(evt); evt.preventDefault(); api.show(
      isoDay(Math.max(weekStart(first + start), dayNumber(range.min))), isoDay(weekStart(first + start) + 6)); });
    svg.addEventListener("mousemove", function (evt) {
      if (start === null) { return; }
      var end = weekAt(evt), a = Math.min(start, end), b = Math.max(start, end);
      api.show(isoDay(weekStart(first + a)), isoDay(weekStart(first + b) + 6));
    });
    window.addEventListener("mouseup", function (evt) {
      if (start === null) { return; }
      var end = weekAt(evt), a = Math.min(start, end), b = Math.max(start, end);
      start = null;
      if (!api.onBrush) { return; }
      if (a === b && evt.target !== svg && !svg.contains(evt.target)) { return; }
      var lo = Math.max(weekStart(first + a), dayNumber(range.min));
      var hi = Math.min(weekStart(first + b) + 6, dayNumber(range.max));
      api.onBrush(isoDay(lo), isoDay(hi));
    });
    svg.addEventListener("dblclick", function () { if (api.onBrush) { api.onBrush(range.min, range.max); } });
    return api;
  };

  // A search box over the places of the incidents on the map: pick a place,
  // the map zooms to its incidents.
  GI.searchControl = function (S) {
    var places = {};
    S.records.forEach(function (rec) {
      [rec.place, rec.place_mention].forEach(function (name) {
        if (!present(name)) { return; }
        var key = String(name).toLowerCase();
        (places[key] = places[key] || {name: String(name), recs: []}).recs.push(rec);
      });
    });
    var names = Object.keys(places).sort();
    var Search = L.Control.extend({
      options: {position: "topleft"},
      onAdd: function () {
        var box = el("div", "gi-search"), input = el("input"), list = el("datalist"), note = el("div", "gi-search-note");
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        list.id = "gi-places-" + L.stamp(this);
        names.forEach(function (key) { var o = el("option"); o.value = places[key].name; list.appendChild(o); });
        input.type = "search"; input.placeholder = "Find a place\u2026"; input.setAttribute("list", list.id);
        input.setAttribute("aria-label", "Find a place among the incidents");
        box.appendChild(input); box.appendChild(list); box.appendChild(note);
        function find() {
          var q = input.value.trim().toLowerCase();
          if (!q) { note.textContent = ""; return; }
          var hit = places[q] || null;
          if (!hit) {
            var key = names.filter(function (k) { return k.indexOf(q) === 0; })[0] ||
                      names.filter(function (k) { return k.indexOf(q) >= 0; })[0];
            hit = key ? places[key] : null;
          }
          if (!hit) { note.textContent = "No incident at a place named \u201c" + input.value.trim() + "\u201d"; return; }
          var bounds = L.latLngBounds(hit.recs.map(function (r) { return [r.lat, r.lon]; }));
          S.map.fitBounds(bounds.pad(0.2), {maxZoom: 11});
          S.found = hit.name;
          note.textContent = hit.recs.length + (hit.recs.length === 1 ? " incident at " : " incidents at ") + hit.name;
        }
        input.addEventListener("change", find);
        input.addEventListener("keydown", function (e) { if (e.key === "Enter") { find(); } });
        return box;
      }
    });
    return new Search();
  };

  // The light vector base: borders, governorates, rivers and labels from
  // Natural Earth and the gazetteer, in its own panes: under the tiles
  // online (it shows when they fail), the only background offline. Labels
  // appear by rank as one zooms in.
  var LABEL_ZOOM = {0: 0, 1: 6, 2: 7, 3: 9, 4: 10};
  GI.basemap = function (map, group, data, online) {
    var base = map.createPane("gi-base"), labels = map.createPane("gi-labels");
    base.style.zIndex = online ? 150 : 250;
    labels.style.zIndex = online ? 160 : 350;
    labels.style.pointerEvents = "none";
    var renderer = L.svg({pane: "gi-base", padding: 0.5}), named = [];
    var STYLE = {
      country: {color: "#6d5a6e", weight: 2.2, opacity: 0.9},
      admin1: {color: "#8c8c8c", weight: 1, opacity: 0.8, dashArray: "5 3"},
      river: {color: "#6fa8dc", weight: 2, opacity: 0.9}
    };
    data.features.forEach(function (f) {
      var p = f.properties || {};
      if (STYLE[p.layer]) {
        L.geoJSON(f, {style: L.extend({renderer: renderer, interactive: false, className: "gi-base-" + p.layer},
                                      STYLE[p.layer])}).addTo(group);
      } else if (f.geometry && f.geometry.type === "Point" && present(p.name)) {
        var c = f.geometry.coordinates, node = el("span", null, p.name);
        var marker = L.marker([c[1], c[0]], {pane: "gi-labels", interactive: false, keyboard: false,
          icon: L.divIcon({className: "gi-label gi-label-" + p.layer, html: node, iconSize: null})});
        marker.giRank = p.rank || 0;
        named.push(marker);
      }
    });
    function showLabels() {
      var z = map.getZoom(), on = map.hasLayer(group);
      named.forEach(function (m) {
        var want = on && z >= (LABEL_ZOOM[m.giRank] !== undefined ? LABEL_ZOOM[m.giRank] : 10);
        if (want && !group.hasLayer(m)) { group.addLayer(m); } else if (!want && group.hasLayer(m)) { group.removeLayer(m); }
      });
    }
    map.on("zoomend overlayadd overlayremove", showLabels);
    showLabels();
    return {group: group, labels: named, refresh: showLabels};
  };
})();
