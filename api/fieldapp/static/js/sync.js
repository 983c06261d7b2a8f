// Sending the outbox: records in the order they were made, through POST /sync (GPX patrols
// through POST /patrols/gpx), then the photos of records the server holds. A record leaves
// the outbox only on "created" or "duplicate"; everything else keeps it, with its state:
//
//   conflict     the server's record moved on (a stale repair step): its current state is
//                fetched and shown; the guard re-bases or drops the step
//   rejected     the server's reason is shown; the guard corrects the record and sends again
//   retry_later  something it depends on has not arrived yet: sent again on the next round
//
// A 401 keeps everything and asks for a sign-in. A failed request (no network, a cut in the
// middle, a server error) stops the round; the next one starts after a growing delay. A
// whole batch answered 422 (a server that refuses a batch for one bad record) is sent again
// one record at a time. Replays are safe: every record and photo carries a client-made id.

import { call, problemText, session, SignInNeeded, Unreachable, usable } from './api.js';
import * as outbox from './outbox.js';

const BATCH = 50;
const FIRST_DELAY_MS = 2000;
const MAX_DELAY_MS = 5 * 60 * 1000;

class ServerTrouble extends Error {}

let failures = 0;
let timer = null;
const listeners = new Set();
export const status = { running: false, last: null, error: null, retryAt: null, rounds: 0 };

export function onChange(listener) {
  listeners.add(listener);
}

function changed() {
  for (const listener of listeners) listener(status);
}

function wire(record) {
  return { type: record.type, ...record.body };
}

async function fetchCurrent(record) {
  // The record a stale transition wanted to move, as the server has it now.
  try {
    const answer = await call(`/maintenance/${record.body.record_id}`);
    if (!answer.ok) return null;
    const doc = await answer.json();
    const last = doc.history[doc.history.length - 1] || null;
    return { status: doc.status, version: doc.version, last };
  } catch (error) {
    if (error instanceof SignInNeeded) throw error;
    return null;
  }
}

async function settle(record, result, tally) {
  tally[result.status] = (tally[result.status] || 0) + 1;
  if (result.status === 'created' || result.status === 'duplicate') {
    await outbox.accepted(record, result.status);
  } else if (result.status === 'conflict') {
    const current = await fetchCurrent(record);
    await outbox.update(record.id, {
      state: 'conflict', detail: result.detail,
      current: current || { version: result.current_version },
    });
  } else if (result.status === 'rejected') {
    await outbox.update(record.id, { state: 'rejected', detail: result.detail });
  } else {
    await outbox.update(record.id, {
      state: 'retry_later', detail: result.detail, attempts: record.attempts + 1,
    });
  }
}

async function sendBatch(records, tally) {
  const answer = await call('/sync', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ records: records.map(wire) }),
  });
  if (answer.status === 422 && records.length > 1) {
    // The whole batch was refused for one record: find it by sending them one by one.
    for (const record of records) await sendBatch([record], tally);
    return;
  }
  if (answer.status === 422 || answer.status === 403) {
    // One record refused (422), or a role that may not write at all (403): said on each.
    const detail = await problemText(answer);
    for (const record of records) await settle(record, { status: 'rejected', detail }, tally);
    return;
  }
  if (!answer.ok) throw new ServerTrouble(`/sync: HTTP ${answer.status}`);
  const results = new Map((await answer.json()).results.map((r) => [String(r.id), r]));
  for (const record of records) {
    const result = results.get(record.id);
    // No answer for a record: it stays waiting and goes with the next round.
    if (result) await settle(record, result, tally);
  }
}

async function sendGpx(record, tally) {
  const form = new FormData();
  const { body } = record;
  form.append('gpx', record.file, record.file_name || 'track.gpx');
  form.append('id', body.id);
  form.append('vn_unit', body.vn_unit);
  if (body.la_unit) form.append('la_unit', body.la_unit);
  form.append('joint', body.joint ? 'true' : 'false');
  for (const name of body.participants || []) form.append('participants', name);
  if (body.notes) form.append('notes', body.notes);
  const answer = await call('/patrols/gpx', { method: 'POST', body: form });
  if (answer.status === 201 || answer.status === 200) {
    await settle(record, { status: answer.status === 201 ? 'created' : 'duplicate' }, tally);
  } else if (answer.status >= 400 && answer.status < 500) {
    await settle(record, { status: 'rejected', detail: await problemText(answer) }, tally);
  } else {
    throw new ServerTrouble(`/patrols/gpx: HTTP ${answer.status}`);
  }
}

async function sendRecords(user, tally) {
  const { records } = await outbox.list(user);
  const pending = records.filter(outbox.sendable);
  let i = 0;
  while (i < pending.length) {
    if (pending[i].transport === 'gpx') {
      await sendGpx(pending[i], tally);
      i += 1;
    } else {
      const batch = [];
      while (i < pending.length && pending[i].transport !== 'gpx' && batch.length < BATCH) {
        batch.push(pending[i]);
        i += 1;
      }
      await sendBatch(batch, tally);
    }
  }
}

async function sendPhotos(user, tally) {
  const { records, photos } = await outbox.list(user);
  const unsent = new Set(records.map((r) => r.id));
  for (const photo of photos) {
    // A photo goes once its record is stored on the server (gone from the outbox).
    if (unsent.has(photo.record_id) || photo.state !== 'waiting') continue;
    const form = new FormData();
    form.append('photo_id', photo.photo_id);
    form.append('photo', photo.blob, photo.name);
    const path = photo.owner === 'maintenance' ? 'maintenance' : 'inspections';
    const answer = await call(`/${path}/${photo.record_id}/photos`, {
      method: 'POST', body: form,
    });
    if (answer.status === 201 || answer.status === 200) {
      await outbox.photoAccepted(photo);
      tally.photos = (tally.photos || 0) + 1;
    } else if (answer.status === 404) {
      tally.retry_later = (tally.retry_later || 0) + 1; // its record is not there yet
    } else if (answer.status >= 400 && answer.status < 500) {
      await outbox.updatePhoto(photo.photo_id, {
        state: answer.status === 409 ? 'conflict' : 'rejected',
        detail: await problemText(answer),
      });
      tally.rejected = (tally.rejected || 0) + 1;
    } else {
      throw new ServerTrouble(`photo upload: HTTP ${answer.status}`);
    }
  }
}

function scheduleRetry() {
  const delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** failures)
    * (0.8 + Math.random() * 0.4);
  failures += 1;
  clearTimeout(timer);
  status.retryAt = new Date(Date.now() + delay).toISOString();
  timer = setTimeout(() => { syncNow(); }, delay);
}

async function round() {
  const current = await session();
  if (!usable(current)) throw new SignInNeeded('no valid session');
  const tally = {};
  await sendRecords(current.user, tally);
  await sendPhotos(current.user, tally);
  return tally;
}

// One round at a time across tabs (Web Locks); a round asked for while one runs is skipped,
// and the running one picks up what was added before it read the outbox.
export async function syncNow() {
  if (!navigator.onLine) return status;
  clearTimeout(timer);
  await navigator.locks.request('cotmoc-field-sync', { ifAvailable: true }, async (lock) => {
    if (!lock) return;
    status.running = true;
    status.error = null;
    changed();
    try {
      status.last = { at: new Date().toISOString(), tally: await round() };
      failures = 0;
      status.retryAt = null;
      const { records } = await outbox.list((await session()).user);
      if (records.some((r) => r.state === 'retry_later')) scheduleRetry();
    } catch (error) {
      if (error instanceof SignInNeeded) {
        status.error = 'sign_in';
      } else {
        status.error = error instanceof Unreachable ? 'unreachable' : 'server';
        scheduleRetry();
      }
    } finally {
      status.running = false;
      status.rounds += 1;
      changed();
    }
  });
  return status;
}

export function resetBackoff() {
  failures = 0;
}
