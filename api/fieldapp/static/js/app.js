// The guards' field app: start-up, the header and banners, and the screens by address
// (#markers, #map, #inspect?code=…, #damage, #repairs, #patrol, #outbox, #edit?id=…).

import * as api from './api.js';
import { damageScreen, inspectionScreen } from './forms.js';
import { currentPosition } from './geo.js';
import { applyWords, currentLang, loadWords, setLang, t } from './i18n.js';
import { mapScreen } from './map.js';
import { markersScreen } from './markers.js';
import * as outbox from './outbox.js';
import { outboxScreen } from './outboxview.js';
import { patrolScreen } from './patrol.js';
import * as refdata from './refdata.js';
import { repairsScreen, stepEditScreen } from './repairs.js';
import { getMeta, setMeta } from './store.js';
import * as sync from './sync.js';
import { button, field, h, screen, toast } from './ui.js';

// Storage above this share of the quota gets a warning: photos are the large part.
const STORAGE_WARNING = 0.8;
const LIST_SCREENS = new Set(['markers', 'map', 'repairs', 'outbox']);

const field_ = window.cotmocField = { ready: false, offlineReady: false, dataReady: false };
let installPrompt = null;
let storageLow = false;
let rendering = 0;

const app = {
  config: null,
  session: null,
  user: null,
  position: null,
  screen: null,
  go(hash) {
    if (window.location.hash === hash) route();
    else window.location.hash = hash;
  },
  render() { route(); },
  signedIn() { return api.usable(app.session); },
  syncNow() { return runSync(); },
  async outboxChanged(sendToo = false) {
    await updateHeader();
    await checkStorage();
    if (app.screen === 'outbox') route();
    if (sendToo || navigator.onLine) runSync();
  },
  async locate() {
    try {
      app.position = await currentPosition();
    } catch (error) {
      toast(t('position_failed', { reason: error.message || String(error) }), 'error');
    }
    if (LIST_SCREENS.has(app.screen)) route();
  },
  dataFetchedAt() { return refdata.fetchedAt(app.user); },
};
field_.app = app;
field_.sync = sync.status; // for the guard's support (and the tests): what the last round did

function parseHash() {
  const [name, query] = (window.location.hash.slice(1) || 'markers').split('?');
  return { name, params: Object.fromEntries(new URLSearchParams(query || '')) };
}

async function editScreen(id) {
  const record = await outbox.get(id);
  if (!record || record.user !== app.user) return screen('outbox_title', h('p', {}, t('gone')));
  if (record.type === 'inspection') return inspectionScreen(app, { record });
  if (record.type === 'damage_report') return damageScreen(app, { record });
  if (record.type === 'patrol') return patrolScreen(app, { record });
  return stepEditScreen(app, record);
}

async function signInScreen() {
  const waiting = await outbox.waitingByUser();
  const others = Object.entries(waiting).filter(([user]) => user !== app.user);
  const form = h('form', { id: 'signin-form' },
    field('username', h('input', { name: 'username', autocomplete: 'username', required: true,
      value: app.user || '' })),
    field('password', h('input', { name: 'password', type: 'password',
      autocomplete: 'current-password', required: true })),
    h('button', { type: 'submit', class: 'primary', dataset: { action: 'sign-in' } },
      t('sign_in')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const submit = form.querySelector('button[type=submit]');
    submit.disabled = true;
    try {
      app.session = await api.signIn(form.elements.username.value.trim(),
        form.elements.password.value);
      app.user = app.session.user;
      toast(t('signed_in', { user: app.user }));
      app.go('#markers');
      await refreshData();
      runSync();
    } catch (error) {
      toast(error instanceof api.Unreachable ? t('sign_in_offline')
        : t('sign_in_failed', { reason: error.message }), 'error');
    } finally {
      submit.disabled = false;
    }
  });
  return screen('sign_in_title',
    navigator.onLine ? null : h('p', { class: 'notice warn' }, t('sign_in_offline')),
    form,
    others.length ? h('p', { class: 'muted', id: 'others-waiting' }, t('others_waiting', {
      list: others.map(([user, n]) => `${user} (${n})`).join(', ') })) : null);
}

async function screenFor(name, params) {
  if (!app.user || name === 'signin') return signInScreen();
  switch (name) {
    case 'map': return mapScreen(app);
    case 'inspect': return inspectionScreen(app, { code: params.code });
    case 'damage': return damageScreen(app, { code: params.code });
    case 'repairs': return repairsScreen(app);
    case 'patrol': return patrolScreen(app);
    case 'outbox': return outboxScreen(app);
    case 'edit': return editScreen(params.id);
    default: return markersScreen(app);
  }
}

async function route() {
  const ticket = ++rendering;
  const { name, params } = parseHash();
  const view = await screenFor(name, params);
  if (ticket !== rendering) return; // a newer screen was asked for meanwhile
  app.screen = app.user ? name : 'signin';
  document.getElementById('screen').replaceChildren(view);
  for (const tab of document.querySelectorAll('[data-tab]')) {
    tab.classList.toggle('active', tab.dataset.tab === name
      || (tab.dataset.tab === 'repairs' && name === 'damage'));
  }
  await updateHeader();
}

async function updateHeader() {
  const online = navigator.onLine;
  const net = document.getElementById('net');
  net.textContent = online ? t('online') : t('offline');
  net.className = `net ${online ? 'on' : 'off'}`;
  const user = document.getElementById('user');
  user.replaceChildren(...(app.user ? [h('span', {}, app.user),
    button('sign_out', 'sign-out', { class: 'small secondary', onclick: signOut })] : []));
  banners();
  const badge = document.getElementById('outbox-badge');
  const { records, photos } = app.user ? await outbox.list(app.user)
    : { records: [], photos: [] };
  badge.textContent = t('outbox_badge', { count: records.length + photos.length });
  badge.dataset.count = String(records.length + photos.length);
}

function banners() {
  const list = [];
  if (!navigator.onLine) list.push(['offline', t('offline_banner')]);
  if (app.user && !app.signedIn()) list.push(['session', t('session_expired')]);
  if (storageLow) list.push(['storage', t('storage_low')]);
  const box = document.getElementById('banners');
  box.replaceChildren(...list.map(([kind, text]) => h('p', { class: `banner ${kind}`,
    dataset: { banner: kind } }, text,
  kind === 'session' ? h('a', { href: '#signin', class: 'button small' }, t('sign_in')) : null)));
  if (installPrompt) {
    box.append(h('p', { class: 'banner install' }, button('install', 'install', {
      class: 'small', onclick: async () => { await installPrompt.prompt(); installPrompt = null;
        banners(); } })));
  }
}

async function signOut() {
  // The token goes; the guard's waiting records stay on the phone under their name.
  await api.signOut();
  app.session = null;
  app.user = null;
  app.go('#signin');
}

async function refreshData() {
  if (!navigator.onLine || !app.signedIn()) return;
  try {
    await refdata.refresh(app.user, app.config);
    field_.dataReady = true;
    if (LIST_SCREENS.has(app.screen)) route();
  } catch (error) {
    if (error instanceof api.SignInNeeded) {
      app.session = await api.session();
      banners();
    } else {
      console.warn('reference data not refreshed:', error);
    }
  }
}

async function runSync() {
  if (!app.signedIn()) return;
  const before = sync.status.last;
  await sync.syncNow();
  app.session = await api.session();
  const last = sync.status.last;
  if (last && last !== before && (last.tally.created || last.tally.duplicate)) {
    await refreshData(); // the server's versions and statuses moved on
  }
}

async function checkStorage() {
  if (!navigator.storage || !navigator.storage.estimate) return;
  const { usage, quota } = await navigator.storage.estimate();
  const low = Boolean(quota) && usage / quota > STORAGE_WARNING;
  if (low !== storageLow) {
    storageLow = low;
    banners();
  }
}

async function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  try {
    await navigator.serviceWorker.register('/field/sw.js', { scope: '/field' });
    await navigator.serviceWorker.ready;
    field_.offlineReady = true;
  } catch (error) {
    console.warn('service worker not registered:', error);
  }
}

async function start() {
  registerServiceWorker();
  await loadWords();
  app.config = await (await fetch('/field/config.json')).json();
  setLang(await getMeta('lang', 'vi'));
  const chooser = document.getElementById('lang');
  chooser.value = currentLang();
  chooser.addEventListener('change', async () => {
    setLang(chooser.value);
    await setMeta('lang', chooser.value);
    applyWords();
    route();
  });
  applyWords();
  app.session = await api.session();
  app.user = app.session ? app.session.user : null;
  sync.onChange(() => {
    updateHeader();
    if (app.screen === 'outbox') route();
  });
  window.addEventListener('hashchange', route);
  window.addEventListener('online', () => {
    sync.resetBackoff();
    updateHeader();
    refreshData();
    runSync();
  });
  window.addEventListener('offline', () => updateHeader());
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault();
    installPrompt = event;
    banners();
  });
  if (navigator.storage && navigator.storage.persist) {
    navigator.storage.persist().catch(() => {}); // ask the browser never to evict the outbox
  }
  await checkStorage();
  const permission = await navigator.permissions.query({ name: 'geolocation' })
    .catch(() => null);
  await route();
  field_.ready = true;
  if (permission && permission.state === 'granted') app.locate();
  await refreshData();
  runSync();
}

start().catch((error) => {
  console.error('the field app did not start:', error);
  document.getElementById('screen').textContent = String(error);
});
