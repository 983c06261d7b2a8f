// Reference data kept for offline use: the registry layers of the stretch, and the signed-in
// guard's due list and open damage. Refreshed whenever the app is online and signed in.

import { call } from './api.js';
import { getCached, putCached } from './store.js';

export const LAYERS = ['markers', 'marker_positions', 'border_sections', 'gates'];
const PAGE = 10000;

function pathOf(href) {
  const parsed = new URL(href, window.location.origin);
  return parsed.pathname + parsed.search;
}

// Every feature of a collection, following the server's `next` links.
async function allFeatures(collection, query = '') {
  let url = `/collections/${collection}/items?limit=${PAGE}${query}`;
  const features = [];
  while (url) {
    const answer = await call(url, { headers: { Accept: 'application/geo+json' } });
    if (!answer.ok) throw new Error(`${collection}: HTTP ${answer.status}`);
    const page = await answer.json();
    features.push(...page.features);
    const next = (page.links || []).find((link) => link.rel === 'next');
    // Same origin whatever base URL the server writes its links with.
    url = next ? pathOf(next.href) : null;
  }
  return features;
}

export function userKey(user, name) {
  return `user:${user}:${name}`;
}

export async function refresh(user, config) {
  for (const layer of LAYERS) {
    await putCached(`layer:${layer}`, await allFeatures(layer));
  }
  const due = await call(`/inspections/due?within=${config.due_within}`);
  if (!due.ok) throw new Error(`due list: HTTP ${due.status}`);
  await putCached(userKey(user, 'due'), await due.json());
  const open = config.open_statuses.map((s) => `'${s}'`).join(',');
  const damage = await allFeatures('maintenance',
    `&filter=${encodeURIComponent(`status IN (${open})`)}&filter-lang=cql2-text`);
  await putCached(userKey(user, 'damage'), damage);
}

export async function layer(name) {
  const row = await getCached(`layer:${name}`);
  return row ? row.value : [];
}

export async function forUser(user, name) {
  const row = await getCached(userKey(user, name));
  return row ? row.value : [];
}

export async function fetchedAt(user) {
  const row = await getCached(userKey(user, 'due'));
  return row ? row.fetched_at : null;
}

// Marker code -> [lon, lat] of its registry point.
export async function registryPoints() {
  const points = new Map();
  for (const feature of await layer('markers')) {
    if (feature.geometry) points.set(feature.properties.code, feature.geometry.coordinates);
  }
  return points;
}
