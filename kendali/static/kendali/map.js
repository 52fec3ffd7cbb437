/* Kendali maps: Leaflet with an optional tile layer and the city's areas drawn as the base map,
 * so maps work offline. Modes (data-map): "pick" (the report form), "point" (one report),
 * "reports" (many reports, refreshed live in the console), "warnings" (one warning's areas).
 * With data-warnings-url a map also draws the active public warnings. */
(function () {
  "use strict";

  var COLORS = {
    blue: "#2563eb", indigo: "#4f46e5", purple: "#7c3aed", orange: "#ea580c", green: "#16a34a",
    teal: "#0d9488", yellow: "#ca8a04", red: "#dc2626", grey: "#6b7280"
  };

  function textNode(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  function createMap(el) {
    var centre = (el.dataset.center || "-6.914,107.63").split(",").map(Number);
    var map = L.map(el, { scrollWheelZoom: el.dataset.map !== "point", zoomSnap: 0.25 })
      .setView(centre, Number(el.dataset.zoom || 12));
    // Areas sit below the report markers whether or not tiles are shown.
    map.createPane("areas").style.zIndex = 350;
    if (el.dataset.tileUrl) {
      var failures = 0;
      var tiles = L.tileLayer(el.dataset.tileUrl, { attribution: el.dataset.tileAttribution, maxZoom: 19 });
      tiles.on("tileerror", function () {
        failures += 1;
        if (failures > 4) { el.classList.add("offline"); map.removeLayer(tiles); }
      });
      tiles.addTo(map);
    } else {
      el.classList.add("offline");
    }
    return map;
  }

  function drawAreas(map, el, fit) {
    if (!el.dataset.areasUrl) { return Promise.resolve(null); }
    return fetch(el.dataset.areasUrl, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (collection) {
        var layer = L.geoJSON(collection, {
          pane: "areas",
          style: { color: "#0f4c5c", weight: 1, fillColor: "#e0f2f1", fillOpacity: el.classList.contains("offline") ? 0.55 : 0.12 },
          onEachFeature: function (feature, lyr) { lyr.bindTooltip(textNode(feature.properties.name), { sticky: true }); }
        }).addTo(map);
        // Without map tiles, names are the landmarks: show them once zoomed in.
        var labels = L.layerGroup();
        layer.eachLayer(function (lyr) {
          var label = L.tooltip({ permanent: true, direction: "center", className: "area-label", interactive: false })
            .setContent(textNode(lyr.feature.properties.name))
            .setLatLng(lyr.getBounds().getCenter());
          labels.addLayer(label);
        });
        function toggleLabels() {
          if (map.getZoom() >= 14) { labels.addTo(map); } else { map.removeLayer(labels); }
        }
        map.on("zoomend", toggleLabels);
        toggleLabels();
        if (fit && collection.features.length) { map.fitBounds(layer.getBounds(), { padding: [8, 8] }); }
        var approximate = collection.features.some(function (f) { return f.properties.approximate; });
        if (approximate && document.body.dataset.labelApproximate) {
          var note = L.control({ position: "bottomleft" });
          note.onAdd = function () {
            var box = L.DomUtil.create("div", "map-note");
            box.textContent = document.body.dataset.labelApproximate;
            return box;
          };
          note.addTo(map);
        }
        return collection;
      })
      .catch(function () { return null; });
  }

  /* Ray casting over GeoJSON rings: which area contains the point (client-side hint only;
   * the server decides the area when the report is stored). */
  function inRing(x, y, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) { inside = !inside; }
    }
    return inside;
  }
  function inPolygon(x, y, polygon) {
    if (!inRing(x, y, polygon[0])) { return false; }
    for (var h = 1; h < polygon.length; h++) { if (inRing(x, y, polygon[h])) { return false; } }
    return true;
  }
  function findArea(collection, lat, lon) {
    if (!collection) { return null; }
    for (var i = 0; i < collection.features.length; i++) {
      var f = collection.features[i], g = f.geometry;
      var polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
      for (var p = 0; p < polygons.length; p++) { if (inPolygon(lon, lat, polygons[p])) { return f; } }
    }
    return null;
  }

  function pickMap(el) {
    el.hidden = false;
    var tools = document.getElementById("map-tools");
    if (tools) { tools.hidden = false; }
    var map = createMap(el);
    var lat = document.getElementById("id_latitude");
    var lon = document.getElementById("id_longitude");
    var areaSelect = document.getElementById("id_area");
    var status = document.getElementById("pin-status");
    var marker = null, areas = null;

    function place(latlng, pan) {
      if (!marker) {
        marker = L.marker(latlng, { draggable: true, keyboard: true, title: el.dataset.labelLocated }).addTo(map);
        marker.on("dragend", function () { place(marker.getLatLng(), false); });
      } else {
        marker.setLatLng(latlng);
      }
      if (pan) { map.setView(latlng, Math.max(map.getZoom(), 15)); }
      lat.value = latlng.lat.toFixed(6);
      lon.value = latlng.lng.toFixed(6);
      var area = findArea(areas, latlng.lat, latlng.lng);
      if (area) {
        if (areaSelect) { areaSelect.value = area.properties.code; }
        status.textContent = el.dataset.labelLocated + ": " + area.properties.name;
      } else {
        status.textContent = areas ? el.dataset.labelOutside : el.dataset.labelLocated;
      }
    }

    drawAreas(map, el, true).then(function (collection) {
      areas = collection;
      if (lat.value && lon.value) { place(L.latLng(Number(lat.value), Number(lon.value)), true); }
    });
    map.on("click", function (e) { place(e.latlng, false); });
    var mine = document.getElementById("use-my-location");
    if (mine && navigator.geolocation) {
      mine.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (pos) {
          place(L.latLng(pos.coords.latitude, pos.coords.longitude), true);
        });
      });
    } else if (mine) { mine.hidden = true; }
    var clear = document.getElementById("clear-pin");
    if (clear) {
      clear.addEventListener("click", function () {
        if (marker) { map.removeLayer(marker); marker = null; }
        lat.value = ""; lon.value = ""; status.textContent = "";
      });
    }
  }

  function pointMap(el) {
    var latlng = [Number(el.dataset.lat), Number(el.dataset.lon)];
    el.dataset.center = latlng.join(",");
    var map = createMap(el);
    drawAreas(map, el, false);
    L.marker(latlng, { keyboard: false }).addTo(map);
  }

  /* Active public warnings as coloured areas (portal and console maps, warning pages). */
  function drawWarnings(map, el, fit, target) {
    if (!el.dataset.warningsUrl) { return; }
    target = target || map;
    var only = el.dataset.warningOnly;
    fetch(el.dataset.warningsUrl, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (collection) {
        var features = (collection.features || []).filter(function (f) {
          return !only || f.properties.identifier === only;
        });
        var layer = L.geoJSON({ type: "FeatureCollection", features: features }, {
          style: function (f) {
            var colour = COLORS[f.properties.color] || COLORS.red;
            return { color: colour, weight: 2, fillColor: colour, fillOpacity: 0.2, dashArray: "6 4" };
          },
          onEachFeature: function (f, lyr) {
            var box = document.createElement("div");
            var link = document.createElement("a");
            link.href = f.properties.url;
            link.textContent = "⚠ " + f.properties.headline;
            box.appendChild(link);
            box.appendChild(document.createElement("br"));
            box.appendChild(document.createTextNode(f.properties.severity_label + " · " + f.properties.area));
            lyr.bindPopup(box);
          }
        });
        if (target.clearLayers) { target.clearLayers(); }
        layer.addTo(target);
        if (fit && features.length) { map.fitBounds(layer.getBounds(), { padding: [8, 8] }); }
        el.dataset.warnings = String(features.length);
      })
      .catch(function () { return null; });
  }

  function warningsMap(el) {
    var map = createMap(el);
    drawAreas(map, el, false);
    drawWarnings(map, el, true);
  }

  function reportsMap(el) {
    var map = createMap(el);
    drawAreas(map, el, true);
    var warnings = L.layerGroup().addTo(map);
    drawWarnings(map, el, false, warnings);
    var layer = L.layerGroup().addTo(map);
    function load() {
      fetch(el.dataset.reportsUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (collection) {
          layer.clearLayers();
          (collection.features || []).forEach(function (f) {
            var p = f.properties, c = f.geometry.coordinates;
            var marker = L.circleMarker([c[1], c[0]], {
              radius: 7, weight: 1, color: "#111", fillColor: COLORS[p.color] || "#555", fillOpacity: 0.85
            });
            var link = document.createElement("a");
            link.href = el.dataset.linkBase + encodeURIComponent(p.ticket) + "/";
            link.textContent = p.ticket;
            var box = document.createElement("div");
            box.appendChild(link);
            box.appendChild(document.createElement("br"));
            box.appendChild(document.createTextNode(p.category + " · " + p.status_label + (p.agency ? " · " + p.agency : "")));
            marker.bindPopup(box);
            marker.addTo(layer);
          });
          el.dataset.loaded = String((collection.features || []).length);
        });
    }
    load();
    if (el.dataset.live) {
      document.addEventListener("kendali:reports-changed", load);
      ["kendali:warning.published", "kendali:warning.expired"].forEach(function (name) {
        document.addEventListener(name, function () { drawWarnings(map, el, false, warnings); });
      });
    }
    // Other layers (telemetry-map.js) attach to the same map.
    document.dispatchEvent(new CustomEvent("kendali:map-ready", { detail: { map: map, el: el, reports: layer, warnings: warnings } }));
  }

  document.querySelectorAll("[data-map]").forEach(function (el) {
    if (typeof L === "undefined") { return; }
    if (el.dataset.map === "pick") { pickMap(el); }
    else if (el.dataset.map === "point") { pointMap(el); }
    else if (el.dataset.map === "reports") { reportsMap(el); }
    else if (el.dataset.map === "warnings") { warningsMap(el); }
  });
})();
