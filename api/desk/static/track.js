// The patrol page's small map: the track read from the patrols collection (the session's
// cookie goes with the request), drawn with Leaflet over the configured tiles, if any.
(function () {
  "use strict";
  var box = document.getElementById("track-map");
  if (!box || typeof L !== "object") {
    return;
  }
  fetch(box.dataset.track, { headers: { Accept: "application/geo+json" } })
    .then(function (answer) {
      if (!answer.ok) {
        throw new Error("track: HTTP " + answer.status);
      }
      return answer.json();
    })
    .then(function (feature) {
      box.textContent = "";
      var map = L.map(box);
      if (box.dataset.tiles) {
        L.tileLayer(box.dataset.tiles, { attribution: box.dataset.attribution }).addTo(map);
      }
      var track = L.geoJSON(feature, { style: { color: "#c0392b", weight: 4 } }).addTo(map);
      map.fitBounds(track.getBounds(), { padding: [12, 12] });
      box.dataset.drawn = "true";
    })
    .catch(function (error) {
      box.dataset.error = String(error);
    });
})();
