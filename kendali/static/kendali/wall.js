// The video wall: load every panel, reload them when a live event arrives (at most every
// 2 s) and once a minute, rotate them when asked, and reconnect after a dropped stream.
(function () {
  "use strict";
  var body = document.body;
  var panels = Array.prototype.slice.call(document.querySelectorAll(".wall-panel"));
  var status = document.getElementById("wall-status");
  var texts = document.getElementById("wall-texts").dataset;
  var pending = null;
  var source = null;
  var retry = 1000;

  function load(panel) {
    return fetch(panel.dataset.url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      })
      .then(function (html) {
        var target = panel.querySelector(".wall-body");
        target.innerHTML = html;
        target.setAttribute("aria-busy", "false");
        panel.dataset.loadedAt = String(Date.now());
        body.dataset.refreshes = String(Number(body.dataset.refreshes || 0) + 1);
      })
      .catch(function () { panel.dataset.failed = "1"; });
  }

  function refreshSoon() {
    if (pending) { return; }
    pending = setTimeout(function () { pending = null; panels.forEach(load); }, 2000);
  }

  function show(state) {
    status.dataset.state = state;
    status.textContent = state === "live" ? texts.live : texts.offline;
  }

  function connect() {
    source = new EventSource(body.dataset.events, { withCredentials: true });
    source.onopen = function () {
      retry = 1000;
      show("live");
      body.dataset.connections = String(Number(body.dataset.connections || 0) + 1);
      refreshSoon();  // whatever happened while we were away
    };
    source.onmessage = refreshSoon;
    ["changed", "reset", "report.created", "report.changed", "sensor.changed", "camera.changed",
     "warning.published", "warning.expired", "telemetry.alert"].forEach(function (kind) {
      source.addEventListener(kind, refreshSoon);
    });
    source.onerror = function () {
      show("offline");
      if (source.readyState === EventSource.CLOSED) {
        source = null;
        setTimeout(connect, retry);
        retry = Math.min(retry * 2, 30000);
      }
    };
  }

  var rotate = Number(body.dataset.rotate || 0);
  if (rotate > 0 && panels.length > 1) {
    var shown = 0;
    panels.forEach(function (p, i) { p.hidden = i !== 0; });
    setInterval(function () {
      panels[shown].hidden = true;
      shown = (shown + 1) % panels.length;
      panels[shown].hidden = false;
    }, rotate * 1000);
  }

  var clock = document.getElementById("wall-clock");
  setInterval(function () {
    var now = new Date();
    clock.textContent = String(now.getHours()).padStart(2, "0") + ":" + String(now.getMinutes()).padStart(2, "0");
  }, 10000);
  setInterval(function () { panels.forEach(load); }, 60000);
  panels.forEach(load);
  connect();
})();
