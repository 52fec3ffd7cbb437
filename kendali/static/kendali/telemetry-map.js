/* Telemetry layers on the console's live map: sensors coloured by level, cameras by health,
 * vehicles with their recent tracks, as far as this person may see them (one staff endpoint,
 * data-telemetry-url). map.js announces the map ("kendali:map-ready"); console.js forwards
 * live events ("kendali:sensor.readings", ...). Names come from people and devices: popups and
 * tooltips are built from DOM nodes with textContent, never from HTML strings. */
(function () {
  "use strict";
  var COLORS = {
    green: "#16a34a", yellow: "#ca8a04", orange: "#ea580c", red: "#dc2626", grey: "#6b7280",
    blue: "#2563eb", purple: "#7c3aed"
  };
  function color(name) { return COLORS[name] || "#6b7280"; }
  function text(parts) { return parts.filter(function (p) { return p !== null && p !== undefined && p !== ""; }).join(" · "); }
  function textNode(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }

  document.addEventListener("kendali:map-ready", function (event) {
    var map = event.detail.map, el = event.detail.el;
    if (!el.dataset.telemetryUrl) { return; }
    // Telemetry draws above the reports: a red river gauge must never hide under a report.
    [["cameras", 410], ["tracks", 415], ["vehicles", 420], ["sensors", 430]].forEach(function (pane) {
      map.createPane(pane[0]).style.zIndex = 400 + pane[1] / 10;
    });
    var layers = {
      sensors: L.layerGroup().addTo(map), cameras: L.layerGroup().addTo(map),
      tracks: L.layerGroup().addTo(map), vehicles: L.layerGroup().addTo(map)
    };
    var overlays = {};
    overlays[el.dataset.labelReports || "Laporan"] = event.detail.reports;
    overlays[el.dataset.labelSensors || "Sensor"] = layers.sensors;
    overlays[el.dataset.labelCameras || "Kamera"] = layers.cameras;
    overlays[el.dataset.labelVehicles || "Armada"] = layers.vehicles;
    overlays[el.dataset.labelTracks || "Jejak armada"] = layers.tracks;
    if (event.detail.warnings) { overlays[el.dataset.labelWarnings || "Peringatan"] = event.detail.warnings; }
    L.control.layers(null, overlays, { collapsed: window.innerWidth < 700 }).addTo(map);
    var sensors = {}, vehicles = {}, cameras = {};

    function sensorPopup(p) {
      var box = document.createElement("div");
      var link = document.createElement("a");
      link.href = el.dataset.sensorBase + encodeURIComponent(p.code) + "/";
      link.textContent = p.name;
      box.appendChild(link);
      box.appendChild(document.createElement("br"));
      var value = p.last_value === null || p.last_value === undefined ? "–" : p.last_value + " " + (p.unit || "");
      box.appendChild(document.createTextNode(text([p.kind_label, value, p.level_name || null])));
      return box;
    }

    function drawSensor(p, c) {
      var marker = L.circleMarker([c[1], c[0]], {
        radius: 9, weight: 2, color: "#111", fillColor: color(p.color), fillOpacity: 0.95,
        className: "sensor-marker sensor-" + p.code, pane: "sensors"
      });
      marker.feature = { properties: p };
      marker.bindTooltip(textNode(p.name));
      marker.bindPopup(function () { return sensorPopup(marker.feature.properties); });
      marker.addTo(layers.sensors);
      sensors[p.code] = marker;
    }

    function drawCamera(p, c) {
      var marker = L.circleMarker([c[1], c[0]], {
        radius: 5, weight: 1, color: "#111", fillColor: color(p.color), fillOpacity: 0.9,
        className: "camera-marker camera-" + p.code, pane: "cameras"
      });
      var box = document.createElement("div");
      var img = document.createElement("img");
      img.alt = p.name; img.width = 240; img.height = 135;
      var link = document.createElement("a");
      // Only web addresses become links (never "javascript:"), whatever a stored URL holds.
      link.href = /^https?:\/\//i.test(p.stream_url || "") ? p.stream_url : p.snapshot;
      link.target = "_blank"; link.rel = "noopener noreferrer";
      link.appendChild(img);
      box.appendChild(link);
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(p.name));
      marker.bindPopup(box);
      marker.on("popupopen", function () { img.src = p.snapshot + "?t=" + Date.now(); });
      marker.addTo(layers.cameras);
      cameras[p.code] = marker;
    }

    function drawVehicle(p, c) {
      var marker = L.circleMarker([c[1], c[0]], {
        radius: 6, weight: 2, color: "#fff", fillColor: color(p.color), fillOpacity: 1,
        className: "vehicle-marker vehicle-" + p.code, pane: "vehicles"
      });
      marker.bindTooltip(textNode(text([p.name, p.code])));
      marker.bindPopup(function () {
        return textNode(text([p.name, p.code, p.kind_label, p.status_label, p.agency]));
      });
      marker.addTo(layers.vehicles);
      var track = L.polyline((p.track || []).map(function (xy) { return [xy[1], xy[0]]; }), {
        color: color(p.color), weight: 2, opacity: 0.6, interactive: false, pane: "tracks"
      }).addTo(layers.tracks);
      vehicles[p.code] = { marker: marker, track: track, props: p };
    }

    function load() {
      var opts = { headers: { Accept: "application/json" }, credentials: "same-origin" };
      fetch(el.dataset.telemetryUrl, opts).then(function (r) { return r.json(); }).then(function (data) {
        layers.sensors.clearLayers(); layers.cameras.clearLayers(); layers.vehicles.clearLayers(); layers.tracks.clearLayers();
        sensors = {}; cameras = {}; vehicles = {};
        var sensorFeatures = (data.sensors || {}).features || [];
        sensorFeatures.forEach(function (f) { drawSensor(f.properties, f.geometry.coordinates); });
        el.dataset.sensors = String(sensorFeatures.length);
        ((data.cameras || {}).features || []).forEach(function (f) { drawCamera(f.properties, f.geometry.coordinates); });
        ((data.vehicles || {}).features || []).forEach(function (f) { drawVehicle(f.properties, f.geometry.coordinates); });
        el.dataset.telemetryLoaded = "true";
      });
    }
    load();

    function paintSensor(item) {
      var marker = sensors[item.code];
      if (!marker) { return; }
      var p = marker.feature.properties;
      if (item.value !== undefined) { p.last_value = item.value; }
      if (item.level_name !== undefined) { p.level_name = item.level_name; }
      if (item.color) { p.color = item.color; marker.setStyle({ fillColor: color(item.color) }); }
    }
    document.addEventListener("kendali:sensor.readings", function (e) { (e.detail.sensors || []).forEach(paintSensor); });
    document.addEventListener("kendali:sensor.changed", function (e) { paintSensor(e.detail); });
    document.addEventListener("kendali:camera.changed", function (e) {
      var marker = cameras[e.detail.code];
      if (marker) { marker.setStyle({ fillColor: color(e.detail.color) }); }
    });
    document.addEventListener("kendali:vehicle.positions", function (e) {
      (e.detail.vehicles || []).forEach(function (v) {
        var known = vehicles[v.code];
        if (!known) { return; }
        var latlng = L.latLng(v.latitude, v.longitude);
        known.marker.setLatLng(latlng);
        known.track.addLatLng(latlng);
        var points = known.track.getLatLngs();
        if (points.length > 120) { known.track.setLatLngs(points.slice(points.length - 120)); }
      });
    });
    document.addEventListener("kendali:vehicle.changed", function (e) {
      var known = vehicles[e.detail.code];
      if (known) {
        known.props.status = e.detail.status;
        known.marker.setStyle({ fillColor: color(e.detail.color) });
        known.track.setStyle({ color: color(e.detail.color) });
      }
    });
    document.addEventListener("kendali:reset", load);
  });
})();
