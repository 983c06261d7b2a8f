// The map: the registry layers kept for offline use, open damage, and the phone's position.
// Tiles come from the configured tile server and are kept by the service worker once seen;
// with none reachable the layers show on the plain background. A marker's popup leads to
// its inspection or damage form.

import { t, title } from './i18n.js';
import { forUser, layer } from './refdata.js';
import { h, screen } from './ui.js';

const STATUS_COLOURS = {
  intact: '#27ae60', needs_attention: '#f39c12', damaged: '#c0392b', destroyed: '#000000',
  unknown: '#7f8c8d',
};
let current = null;

// Leaflet writes string content as HTML; an element keeps names from the data as text.
function text(value) {
  return h('span', {}, value);
}

function markerPopup(code) {
  return h('div', { class: 'popup' },
    h('strong', {}, code),
    h('div', { class: 'row' },
      h('a', { class: 'button', href: `#inspect?code=${encodeURIComponent(code)}`,
        dataset: { action: 'inspect' } }, t('inspect')),
      h('a', { class: 'button secondary', href: `#damage?code=${encodeURIComponent(code)}`,
        dataset: { action: 'report-damage' } }, t('report_damage'))));
}

export async function mapScreen(app) {
  const container = h('div', { id: 'map', class: 'map' });
  const view = screen('map_title', container,
    h('p', { class: 'muted' }, t('map_offline_note')));
  const layers = {
    sections: await layer('border_sections'), positions: await layer('marker_positions'),
    markers: await layer('markers'), gates: await layer('gates'),
    damage: await forUser(app.user, 'damage'),
  };
  // Drawn once the element is in the page (Leaflet measures its container).
  requestAnimationFrame(() => draw(app, container, layers));
  return view;
}

function draw(app, container, layers) {
  if (current) current.remove();
  const drawn = L.featureGroup();
  L.geoJSON(layers.sections, { style: { color: '#c0392b', weight: 4 } }).addTo(drawn);
  L.geoJSON(layers.positions.filter((f) => f.geometry), {
    pointToLayer: (f, latlng) => L.circleMarker(latlng, {
      radius: 3, color: '#555555', weight: 1, className: 'field-position' }),
  }).addTo(drawn);
  L.geoJSON(layers.gates.filter((f) => f.geometry), {
    pointToLayer: (f, latlng) => L.circleMarker(latlng, {
      radius: 8, color: '#2c3e50', weight: 2, className: 'field-gate' }),
  }).bindTooltip((l) => text(l.feature.properties.vn_name || l.feature.properties.code))
    .addTo(drawn);
  L.geoJSON(layers.damage.filter((f) => f.geometry), {
    pointToLayer: (f, latlng) => L.circleMarker(latlng, {
      radius: 10, color: '#8e44ad', weight: 3, fill: false, className: 'field-damage' }),
  }).bindTooltip((l) => text(`${title(l.feature.properties.cause)} · `
    + `${title(l.feature.properties.status)}`)).addTo(drawn);
  L.geoJSON(layers.markers.filter((f) => f.geometry), {
    pointToLayer: (f, latlng) => L.circleMarker(latlng, {
      radius: 6, weight: 2, color: '#ffffff', fillOpacity: 0.9,
      fillColor: STATUS_COLOURS[f.properties.status] || '#7f8c8d', className: 'field-marker',
    }),
    onEachFeature: (f, l) => l.bindPopup(() => markerPopup(f.properties.code)),
  }).addTo(drawn);

  const map = L.map(container);
  current = map;
  window.cotmocField.map = map;
  // The view first (one set of tiles asked for), then the layers on it.
  if (drawn.getLayers().length) map.fitBounds(drawn.getBounds(), { padding: [20, 20] });
  else map.setView(app.config.center, 10);
  if (app.config.tile_url) {
    L.tileLayer(app.config.tile_url, {
      maxZoom: 18, attribution: app.config.tile_attribution, crossOrigin: true,
    }).addTo(map);
  }
  drawn.addTo(map);
  if (app.position) {
    const here = [app.position.lat, app.position.lon];
    L.circle(here, { radius: app.position.accuracy, color: '#2980b9', weight: 1 }).addTo(map);
    L.circleMarker(here, { radius: 5, color: '#2980b9', fillOpacity: 1,
      className: 'field-here' }).addTo(map);
  }
  L.control.scale({ imperial: false }).addTo(map);
}
