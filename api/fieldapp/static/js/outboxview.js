// The outbox screen: every record and photo still on the phone with its state, what the
// server said about it, and what the guard can do (correct, send again, re-base, drop).

import { date, dateTime, t, title } from './i18n.js';
import * as outbox from './outbox.js';
import { status as syncStatus } from './sync.js';
import { h, screen, toast } from './ui.js';

export function describe(type, body, fileName) {
  if (type === 'inspection') {
    return t('summary_inspection', { code: body.marker_code,
      condition: title(body.condition) });
  }
  if (type === 'damage_report') {
    return t('summary_damage', { where: body.marker_code || t('damage_at_point'),
      cause: title(body.cause) });
  }
  if (type === 'transition') {
    return t('summary_step', { step: title(body.to), when: date(body.happened_on) });
  }
  return t('summary_patrol', { unit: body.vn_unit || '',
    track: fileName ? `GPX ${fileName}` : t('recorded_track') });
}

// A button that asks once more before dropping (no dialog box to miss on a small screen).
function dropButton(onDrop) {
  const b = h('button', { type: 'button', class: 'danger', dataset: { action: 'drop' } },
    t('drop'));
  b.addEventListener('click', async () => {
    if (b.dataset.armed !== 'yes') {
      b.dataset.armed = 'yes';
      b.textContent = t('drop_confirm');
      return;
    }
    await onDrop();
  });
  return b;
}

function syncLine(online) {
  if (!online) return t('sync_offline');
  if (syncStatus.running) return t('sync_running');
  if (syncStatus.error === 'sign_in') return t('sync_sign_in');
  const retry = { when: syncStatus.retryAt ? dateTime(syncStatus.retryAt) : '—' };
  if (syncStatus.error === 'unreachable') return t('sync_unreachable', retry);
  if (syncStatus.error) return t('sync_server_error', retry);
  if (syncStatus.last) {
    const tally = syncStatus.last.tally;
    return t('sync_last', { when: dateTime(syncStatus.last.at),
      sent: (tally.created || 0) + (tally.duplicate || 0), photos: tally.photos || 0,
      held: (tally.conflict || 0) + (tally.rejected || 0) + (tally.retry_later || 0) });
  }
  return t('sync_never');
}

function photoLine(photo, app) {
  const actions = [];
  if (photo.state !== 'waiting') {
    actions.push(h('button', { type: 'button', dataset: { action: 'resend-photo' },
      onclick: async () => { await outbox.updatePhoto(photo.photo_id, {
        state: 'waiting', detail: '' }); app.outboxChanged(true); } }, t('send_again')));
    actions.push(dropButton(async () => {
      await outbox.dropPhoto(photo.photo_id);
      app.outboxChanged(true);
    }));
  }
  return h('li', { class: 'photo', dataset: { id: photo.photo_id, state: photo.state } },
    h('span', { class: `tag ${photo.state}` }, t(`state.${photo.state}`)),
    ` ${photo.name} (${Math.round(photo.size / 1024)} KB)`,
    photo.detail ? h('p', { class: 'detail' }, photo.detail) : null,
    actions.length ? h('div', { class: 'row' }, actions) : null);
}

function recordCard(record, photos, app) {
  const actions = [];
  if (record.state === 'rejected' || record.state === 'conflict') {
    actions.push(h('a', { class: 'button', href: `#edit?id=${record.id}`,
      dataset: { action: 'edit' } }, t('edit')));
  }
  if (record.state === 'rejected') {
    actions.push(h('button', { type: 'button', dataset: { action: 'resend' },
      onclick: async () => {
        await outbox.update(record.id, { state: 'waiting', detail: '' });
        app.outboxChanged(true);
      } }, t('send_again')));
  }
  if (record.state === 'conflict' && record.current && record.current.version) {
    actions.push(h('button', { type: 'button', dataset: { action: 'rebase' },
      onclick: async () => {
        await outbox.update(record.id, { state: 'waiting', detail: '', current: null,
          body: { ...record.body, base_version: record.current.version } });
        app.outboxChanged(true);
      } }, t('rebase')));
  }
  if (record.state === 'rejected' || record.state === 'conflict') {
    actions.push(dropButton(async () => {
      await outbox.drop(record.id);
      toast(t('dropped'));
      app.outboxChanged(true);
    }));
  }
  const current = record.current && record.current.status
    ? h('p', { class: 'server-state' }, t('server_state', {
      status: title(record.current.status), version: record.current.version }))
    : null;
  return h('li', { class: 'record', dataset: { id: record.id, state: record.state,
    type: record.type } },
    h('div', { class: 'marker-head' },
      h('strong', {}, t(`type.${record.type}`)),
      h('span', { class: `tag ${record.state}` }, t(`state.${record.state}`))),
    h('div', {}, describe(record.type, record.body, record.file_name)),
    h('div', { class: 'marker-meta' }, t('made_at', { when: dateTime(record.created_at) })),
    record.detail ? h('p', { class: 'detail' }, record.detail) : null,
    current,
    photos.length ? h('ul', { class: 'photo-list' }, photos.map((p) => photoLine(p, app)))
      : null,
    actions.length ? h('div', { class: 'row' }, actions) : null);
}

export async function outboxScreen(app) {
  const { records, photos } = await outbox.list(app.user);
  const held = new Set(records.map((r) => r.id));
  const loose = photos.filter((p) => !held.has(p.record_id));
  const sent = await outbox.sentLog(app.user);
  const online = navigator.onLine;
  return screen('outbox_title',
    h('p', { id: 'outbox-count', dataset: { records: records.length, photos: photos.length } },
      records.length || photos.length
        ? t('outbox_count', { records: records.length, photos: photos.length })
        : t('outbox_empty')),
    h('p', { id: 'sync-status', class: 'muted' }, syncLine(online)),
    h('button', { type: 'button', class: 'primary', dataset: { action: 'sync-now' },
      disabled: !online || !app.signedIn(), onclick: () => app.syncNow() }, t('send_now')),
    records.length
      ? h('ul', { class: 'records', id: 'records' }, records.map((r) => recordCard(r,
        photos.filter((p) => p.record_id === r.id), app)))
      : null,
    loose.length ? h('h2', {}, t('photos_waiting')) : null,
    loose.length ? h('ul', { class: 'photo-list', id: 'loose-photos' },
      loose.map((p) => photoLine(p, app))) : null,
    h('details', { class: 'sent' },
      h('summary', {}, t('sent_title', { count: sent.length })),
      h('ul', { id: 'sent-list' }, sent.map((s) => h('li', { dataset: { id: s.id } },
        h('span', { class: 'tag sent' }, t(`sent.${s.status}`)),
        ` ${t(`type.${s.type}`)} — ${describe(s.type, s.body, s.file_name)} · ${dateTime(s.at)}`)))));
}
