// The markers near the guard: the due list and every marker sorted by distance from the
// phone's current position (foreground geolocation, with its accuracy).

import { geodesic } from './geo.js';
import { dateTime, distance, t, title } from './i18n.js';
import { forUser, layer } from './refdata.js';
import { h, screen } from './ui.js';

export async function markerRows(app) {
  const due = new Map((await forUser(app.user, 'due')).map((d) => [d.marker_code, d]));
  const here = app.position;
  const rows = (await layer('markers')).filter((f) => f.geometry).map((f) => {
    const [lon, lat] = f.geometry.coordinates;
    return {
      code: f.properties.code, section: f.properties.section, status: f.properties.status,
      chainage: f.properties.chainage_m, point: [lon, lat], due: due.get(f.properties.code),
      distance: here ? geodesic(here.lon, here.lat, lon, lat) : null,
    };
  });
  rows.sort(here ? (a, b) => a.distance - b.distance : (a, b) => a.chainage - b.chainage);
  return rows;
}

export function positionBar(app, onLocate) {
  const here = app.position;
  const text = here
    ? t('position_is', { lat: here.lat.toFixed(6), lon: here.lon.toFixed(6),
      accuracy: distance(here.accuracy) })
    : t('position_none');
  return h('div', { class: 'position-bar' },
    h('span', { id: 'position-text' }, text),
    h('button', { type: 'button', dataset: { action: 'locate' }, onclick: onLocate },
      t('locate')));
}

function dueTag(due) {
  if (!due) return null;
  return h('span', { class: due.overdue ? 'tag overdue' : 'tag due' },
    due.overdue ? t('overdue') : t('due'));
}

function markerItem(row) {
  return h('li', { class: 'marker', dataset: { code: row.code } },
    h('div', { class: 'marker-head' },
      h('strong', { class: 'code' }, row.code),
      h('span', { class: 'distance' }, row.distance == null ? '' : distance(row.distance)),
      dueTag(row.due)),
    h('div', { class: 'marker-meta' },
      `${title(row.section)} · ${title(row.status)}`,
      row.due && row.due.last_inspection
        ? ` · ${t('last_inspected', { when: dateTime(row.due.last_inspection.observed_at) })}`
        : ''),
    h('div', { class: 'row' },
      h('a', { class: 'button', href: `#inspect?code=${encodeURIComponent(row.code)}`,
        dataset: { action: 'inspect' } }, t('inspect')),
      h('a', { class: 'button secondary', href: `#damage?code=${encodeURIComponent(row.code)}`,
        dataset: { action: 'report-damage' } }, t('report_damage'))));
}

export async function markersScreen(app) {
  const rows = await markerRows(app);
  const due = rows.filter((r) => r.due);
  const fetched = await app.dataFetchedAt();
  return screen('markers_title',
    positionBar(app, () => app.locate()),
    h('p', { class: 'muted', id: 'data-age' },
      fetched ? t('data_as_of', { when: dateTime(fetched) }) : t('data_none')),
    h('details', { open: true, class: 'due' },
      h('summary', {}, t('due_title', { count: due.length, within: app.config.due_within_days })),
      due.length
        ? h('ul', { id: 'due-list', class: 'markers' }, due.map(markerItem))
        : h('p', { class: 'muted' }, t('due_none'))),
    h('h2', {}, app.position ? t('other_markers_by_distance') : t('other_markers_by_chainage')),
    rows.length
      ? h('ul', { id: 'marker-list', class: 'markers' }, rows.filter((r) => !r.due)
        .map(markerItem))
      : h('p', { class: 'muted' }, t('data_none')));
}
