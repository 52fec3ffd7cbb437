/* The console's live wire: one EventSource on /api/v1/events. New and changed reports refresh
 * the queue in place (through HTMX, keeping the filters), raise a short notice, tell an open
 * report page that it changed, and refresh the live map. */
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live || typeof EventSource === "undefined") { return; }
  var queue = function () { return document.querySelector("[data-live-queue]"); };
  var detail = document.querySelector("[data-report-ticket]");
  var fresh = {};
  var timer = null;

  function toast(text) {
    var box = document.getElementById("toasts");
    if (!box) { return; }
    var item = document.createElement("p");
    item.className = "toast";
    item.textContent = text;
    box.appendChild(item);
    setTimeout(function () { item.remove(); }, 6000);
  }

  function refreshQueue() {
    if (!queue() || typeof htmx === "undefined") { return; }
    htmx.ajax("GET", window.location.pathname + window.location.search, { target: "#queue", swap: "outerHTML" })
      .then(function () {
        Object.keys(fresh).forEach(function (ticket) {
          var row = document.querySelector('tr[data-ticket="' + ticket + '"]');
          if (row) { row.classList.add("fresh"); }
        });
        fresh = {};
      });
  }

  function onEvent(created) {
    return function (e) {
      var data = JSON.parse(e.data);
      if (created) {
        fresh[data.ticket] = true;
        toast((live.dataset.labelNew || "Laporan baru") + ": " + data.ticket);
      }
      if (detail && detail.dataset.reportTicket === data.ticket) {
        document.getElementById("changed-banner").hidden = false;
      }
      document.dispatchEvent(new CustomEvent("kendali:reports-changed", { detail: data }));
      clearTimeout(timer);
      timer = setTimeout(refreshQueue, 300);
    };
  }

  var source = new EventSource(live.dataset.eventsUrl);
  var connectedBefore = false;
  source.addEventListener("open", function () {
    live.textContent = live.dataset.labelOn;
    live.className = "live on";
    // Events sent while the connection was down are gone: catch up by reloading the queue.
    if (connectedBefore) { refreshQueue(); }
    connectedBefore = true;
  });
  source.addEventListener("error", function () { live.textContent = live.dataset.labelOff; live.className = "live off"; });
  source.addEventListener("report.created", onEvent(true));
  source.addEventListener("report.changed", onEvent(false));
  source.addEventListener("reset", function () { refreshQueue(); });
  source.addEventListener("notification", function (e) {
    var data = JSON.parse(e.data);
    var count = document.getElementById("bell-count");
    if (count) { count.hidden = false; count.textContent = String(Number(count.textContent || 0) + 1); }
    toast(data.title);
  });
  // Public warnings published, updated, cancelled or expired: the map redraws their areas.
  ["warning.published", "warning.expired"].forEach(function (kind) {
    source.addEventListener(kind, function (e) {
      document.dispatchEvent(new CustomEvent("kendali:" + kind, { detail: JSON.parse(e.data) }));
    });
  });
  // Telemetry events go on as DOM events for the map, the camera wall and the sensor pages.
  ["sensor.readings", "sensor.changed", "vehicle.positions", "vehicle.changed", "camera.changed", "telemetry.alert"].forEach(function (kind) {
    source.addEventListener(kind, function (e) {
      var data = JSON.parse(e.data);
      if (kind === "telemetry.alert" && data.open) { toast(data.message); }
      document.dispatchEvent(new CustomEvent("kendali:" + kind, { detail: data }));
    });
  });
})();
