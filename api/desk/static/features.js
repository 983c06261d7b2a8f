// The items page's small map: the page's own features (a JSON data block in the page).
(function () {
  "use strict";
  var box = document.getElementById("feature-map");
  var data = document.getElementById("page-features");
  if (!box || !data || typeof L !== "object") {
    return;
  }
  var collection = JSON.parse(data.textContent);
  box.textContent = "";
  var map = L.map(box);
  if (box.dataset.tiles) {
    L.tileLayer(box.dataset.tiles, { attribution: box.dataset.attribution }).addTo(map);
  }
  var drawn = L.geoJSON(collection, {
    pointToLayer: function (feature, at) {
      return L.circleMarker(at, { radius: 5, color: "#1f4e3d", weight: 2 });
    },
    style: { color: "#c0392b", weight: 3 },
  }).addTo(map);
  var bounds = drawn.getBounds();
  if (bounds.isValid()) {
    map.fitBounds(bounds, { padding: [12, 12], maxZoom: 15 });
  } else {
    map.setView([16.65, 106.75], 8);
  }
  box.dataset.drawn = String(collection.features.length);
})();
