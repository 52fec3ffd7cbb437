/* Telemetry pages: the camera wall refreshes its snapshots and follows camera health live;
 * the overview reloads when a sensor's level or an equipment alert changes. */
(function () {
  "use strict";
  var wall = document.querySelector("[data-camera-wall]");
  if (wall) {
    var seconds = Number(wall.dataset.refreshSeconds || 10);
    setInterval(function () {
      wall.querySelectorAll("img[data-src]").forEach(function (img) {
        img.src = img.dataset.src + "?t=" + Date.now();
      });
    }, seconds * 1000);
    document.addEventListener("kendali:camera.changed", function (e) {
      // Compared as text, not put into a selector: a code is data, never markup or syntax.
      var item = Array.prototype.find.call(wall.querySelectorAll("[data-camera]"), function (node) {
        return node.dataset.camera === e.detail.code;
      });
      if (!item) { return; }
      item.className = "camera camera-" + e.detail.status;
      var dot = item.querySelector(".dot");
      if (dot) { dot.className = "dot dot-" + e.detail.color; }
    });
  }
  var overview = document.querySelector("[data-live-telemetry]");
  if (overview) {
    var timer = null;
    var reload = function () { clearTimeout(timer); timer = setTimeout(function () { window.location.reload(); }, 1500); };
    document.addEventListener("kendali:sensor.changed", reload);
    document.addEventListener("kendali:telemetry.alert", reload);
  }
})();
