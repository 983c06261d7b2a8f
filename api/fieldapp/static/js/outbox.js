// The outbox: every record and photo is written here (IndexedDB) before anything is sent,
// and leaves only when the server has answered it created or duplicate (sync.js). Each
// guard's records carry their user name; a sign-out deletes none of them.

import { byUser, done, transact } from './store.js';

// How each record type reaches the server, and what its photos belong to.
export const PHOTO_OWNER = { inspection: 'inspection', damage_report: 'maintenance' };
const SENDABLE = new Set(['waiting', 'retry_later']);
const SENT_KEPT = 200;

export function newId() {
  return crypto.randomUUID();
}

function nextSeq(meta) {
  // A counter in the same transaction as the write: the outbox keeps the order of making.
  return done(meta.get('seq')).then((row) => {
    const value = (row ? row.value : 0) + 1;
    meta.put({ key: 'seq', value });
    return value;
  });
}

function photoRow(user, recordId, recordType, file, seq) {
  return {
    photo_id: newId(), user, record_id: recordId, owner: PHOTO_OWNER[recordType],
    blob: file, name: file.name || 'photo.jpg', media_type: file.type, size: file.size,
    state: 'waiting', detail: '', seq, created_at: new Date().toISOString(),
  };
}

// Save a new record (and its photos, and a GPX file for a patrol) in one transaction.
export function add(user, type, body, { photos = [], gpx = null } = {}) {
  return transact(['records', 'photos', 'meta'], 'readwrite', async (s) => {
    const now = new Date().toISOString();
    const seq = await nextSeq(s.meta);
    const record = {
      id: body.id, user, type, body, transport: gpx ? 'gpx' : 'sync', file: gpx,
      file_name: gpx ? gpx.name : null, state: 'waiting', detail: '', current: null,
      seq, attempts: 0, created_at: now, updated_at: now,
    };
    await done(s.records.add(record));
    for (const file of photos) {
      await done(s.photos.add(photoRow(user, body.id, type, file, await nextSeq(s.meta))));
    }
    return record;
  });
}

// A corrected record goes back to waiting; new photos join the ones already kept.
export function replace(id, body, { photos = [] } = {}) {
  return transact(['records', 'photos', 'meta'], 'readwrite', async (s) => {
    const record = await done(s.records.get(id));
    if (!record) throw new Error(`record ${id} is no longer in the outbox`);
    Object.assign(record, {
      body: { ...body, id }, state: 'waiting', detail: '', current: null, attempts: 0,
      updated_at: new Date().toISOString(),
    });
    await done(s.records.put(record));
    for (const file of photos) {
      const seq = await nextSeq(s.meta);
      await done(s.photos.add(photoRow(record.user, id, record.type, file, seq)));
    }
    return record;
  });
}

export function update(id, changes) {
  return transact(['records'], 'readwrite', async (s) => {
    const record = await done(s.records.get(id));
    if (!record) return null;
    Object.assign(record, changes, { updated_at: new Date().toISOString() });
    await done(s.records.put(record));
    return record;
  });
}

export function updatePhoto(photoId, changes) {
  return transact(['photos'], 'readwrite', async (s) => {
    const photo = await done(s.photos.get(photoId));
    if (!photo) return null;
    Object.assign(photo, changes);
    await done(s.photos.put(photo));
    return photo;
  });
}

// Only the guard's own decision drops a record the server did not accept.
export function drop(id) {
  return transact(['records', 'photos'], 'readwrite', async (s) => {
    const photos = await done(s.photos.index('record_id').getAllKeys(IDBKeyRange.only(id)));
    for (const key of photos) await done(s.photos.delete(key));
    await done(s.records.delete(id));
  });
}

export function dropPhoto(photoId) {
  return transact(['photos'], 'readwrite', (s) => done(s.photos.delete(photoId)));
}

// The server stored the record: it leaves the outbox and is logged as sent, in one step.
// The log keeps each user's latest SENT_KEPT.
export function accepted(record, status) {
  return transact(['records', 'sent'], 'readwrite', async (s) => {
    await done(s.records.delete(record.id));
    await done(s.sent.put({
      id: record.id, user: record.user, type: record.type, body: summaryOf(record.body),
      file_name: record.file_name, status, at: new Date().toISOString(),
    }));
    const logged = (await byUser(s.sent, record.user)).sort((a, b) => a.at.localeCompare(b.at));
    for (const old of logged.slice(0, Math.max(0, logged.length - SENT_KEPT))) {
      await done(s.sent.delete(old.id));
    }
  });
}

export function photoAccepted(photo) {
  return transact(['photos'], 'readwrite', (s) => done(s.photos.delete(photo.photo_id)));
}

function summaryOf(body) {
  const keep = ['marker_code', 'condition', 'cause', 'to', 'record_id', 'vn_unit',
    'started_at', 'observed_at', 'happened_on', 'description'];
  return Object.fromEntries(keep.filter((k) => body[k] != null).map((k) => [k, body[k]]));
}

export function get(id) {
  return transact(['records'], 'readonly', (s) => done(s.records.get(id)));
}

export async function list(user) {
  return transact(['records', 'photos'], 'readonly', async (s) => {
    const records = (await byUser(s.records, user)).sort((a, b) => a.seq - b.seq);
    const photos = (await byUser(s.photos, user)).sort((a, b) => a.seq - b.seq);
    return { records, photos };
  });
}

export async function sentLog(user, limit = 30) {
  const rows = await transact(['sent'], 'readonly', (s) => byUser(s.sent, user));
  return rows.sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
}

export function sendable(record) {
  return SENDABLE.has(record.state);
}

// Waiting records and photos of every user on this phone: {user: count}.
export async function waitingByUser() {
  return transact(['records', 'photos'], 'readonly', async (s) => {
    const counts = {};
    for (const row of [...await done(s.records.getAll()), ...await done(s.photos.getAll())]) {
      counts[row.user] = (counts[row.user] || 0) + 1;
    }
    return counts;
  });
}
