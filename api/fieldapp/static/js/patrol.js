// Patrols: start and end, units (joint with the Lao side or not), participants, notes, and a
// track. Browsers give web apps no location in the background, so the app records a track
// only while it is open with the screen on; a long patrol's track comes from the GPX file of
// the guard's GPS unit or phone logger.
//
// A GPX file is sent as it is (POST /patrols/gpx): the server reads it with the same parser
// and cleaning as every other GPX, takes the start and end from its times, and the file
// stays in the outbox until the server has it. The preview below only counts its points.

import { currentPosition, geodesic, trackLength } from './geo.js';
import { dateTime, distance, fromTimeField, t, toTimeField } from './i18n.js';
import * as outbox from './outbox.js';
import { deleteMeta, getMeta, setMeta } from './store.js';
import { append, button, field, formValues, h, screen, toast } from './ui.js';

const MIN_STEP_M = 5;
const WORST_ACCURACY_M = 100;
let watchId = null;
let wakeLock = null;
let showPoint = () => {};

export function gpxSummary(text) {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  if (doc.querySelector('parsererror') || doc.documentElement.localName !== 'gpx') {
    return null;
  }
  const points = [...doc.getElementsByTagNameNS('*', 'trkpt'),
    ...doc.getElementsByTagNameNS('*', 'rtept')];
  const times = points.map((p) => p.getElementsByTagNameNS('*', 'time')[0])
    .filter(Boolean).map((e) => e.textContent.trim()).sort();
  return { points: points.length, first: times[0] || null, last: times[times.length - 1] || null };
}

function recordingKey(user) {
  return `recording:${user}`;
}

// Recording goes on while the app is open, whichever screen the guard is on; the screen
// showing it (if any) hears of each point.
async function startWatching(user, onPoint) {
  showPoint = onPoint;
  if (watchId != null) return;
  watchId = navigator.geolocation.watchPosition(async (p) => {
    if (p.coords.accuracy > WORST_ACCURACY_M) return;
    const recording = await getMeta(recordingKey(user));
    if (!recording) return;
    const point = [p.coords.longitude, p.coords.latitude, p.coords.accuracy,
      new Date(p.timestamp).toISOString()];
    const last = recording.points[recording.points.length - 1];
    if (last && geodesic(last[0], last[1], point[0], point[1]) < MIN_STEP_M) return;
    recording.points.push(point);
    await setMeta(recordingKey(user), recording); // kept at once: a reload loses no point
    showPoint(recording);
  }, () => {}, { enableHighAccuracy: true, maximumAge: 0 });
  try {
    wakeLock = await navigator.wakeLock.request('screen');
  } catch {
    wakeLock = null; // not granted: the guard keeps the screen on by hand
  }
}

function stopWatching() {
  if (watchId != null) navigator.geolocation.clearWatch(watchId);
  watchId = null;
  if (wakeLock) wakeLock.release().catch(() => {});
  wakeLock = null;
}

function recordingText(recording) {
  if (!recording) return t('recording_none');
  const line = recording.points.map((p) => [p[0], p[1]]);
  return t('recording_status', { points: recording.points.length,
    length: distance(trackLength(line)), since: dateTime(recording.started_at) });
}

export async function patrolScreen(app, { record } = {}) {
  const body = record ? record.body : {};
  const user = app.user;
  const state = { gpx: record && record.file ? record.file : null, recorded: null };
  if (record && body.track) state.recorded = { points: body.track.coordinates };
  const form = h('form', { id: 'patrol-form', novalidate: true });
  const gpxInfo = h('p', { class: 'muted', id: 'gpx-summary' });
  const recInfo = h('p', { class: 'muted', id: 'recording-status' });
  const times = h('div', { class: 'times' },
    field('started_at', h('input', { type: 'datetime-local', name: 'started_at',
      value: body.started_at ? toTimeField(new Date(body.started_at)) : '' })),
    field('ended_at', h('input', { type: 'datetime-local', name: 'ended_at',
      value: body.ended_at ? toTimeField(new Date(body.ended_at)) : '' })));

  const showGpx = async () => {
    if (!state.gpx) { gpxInfo.textContent = ''; return; }
    const summary = gpxSummary(await state.gpx.text());
    state.gpxValid = Boolean(summary && summary.points >= 2);
    gpxInfo.textContent = summary
      ? t('gpx_summary', { name: state.gpx.name || record.file_name, points: summary.points,
        first: dateTime(summary.first), last: dateTime(summary.last) })
      : t('gpx_unreadable');
    times.hidden = true; // the server takes them from the file's times
  };
  const onRecording = (recording) => { recInfo.textContent = recordingText(recording); };

  const start = async () => {
    const now = new Date().toISOString();
    await setMeta(recordingKey(user), { started_at: now, points: [] });
    form.elements.started_at.value = toTimeField(new Date(now));
    onRecording(await getMeta(recordingKey(user)));
    currentPosition().catch(() => {}); // asks for the permission while the guard looks
    await startWatching(user, onRecording);
  };
  const stop = async () => {
    stopWatching();
    const recording = await getMeta(recordingKey(user));
    if (!recording) return;
    state.recorded = { points: recording.points.map((p) => [p[0], p[1]]),
      started_at: recording.started_at, ended_at: new Date().toISOString() };
    form.elements.started_at.value = toTimeField(new Date(recording.started_at));
    form.elements.ended_at.value = toTimeField(new Date(state.recorded.ended_at));
    await deleteMeta(recordingKey(user));
    recInfo.textContent = t('recording_done', { points: state.recorded.points.length,
      length: distance(trackLength(state.recorded.points)) });
  };

  const unit = await getMeta(`unit:${user}`, '');
  append(form, [
    record && record.detail ? h('p', { class: `notice ${record.state}`, id: 'record-detail' },
      `${t(`state.${record.state}`)}: ${record.detail}`) : null,
    h('p', { class: 'notice info', id: 'background-note' }, t('background_location')),
    h('fieldset', { disabled: Boolean(record) },
      h('legend', {}, t('track')),
      h('label', { class: 'file-button' }, t('gpx_import'),
        h('input', { type: 'file', name: 'gpx', accept: '.gpx,application/gpx+xml',
          onchange: async (event) => {
            [state.gpx] = event.target.files;
            state.recorded = null;
            await showGpx();
          } })),
      gpxInfo,
      h('div', { class: 'row' },
        button('record_start', 'record-start', { onclick: start }),
        button('record_stop', 'record-stop', { class: 'secondary', onclick: stop })),
      recInfo),
    times,
    field('vn_unit', h('input', { name: 'vn_unit', required: true,
      value: body.vn_unit || unit })),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'joint',
      checked: Boolean(body.joint) }), t('joint')),
    field('la_unit', h('input', { name: 'la_unit', value: body.la_unit || '' })),
    field('participants', h('textarea', { name: 'participants', rows: 3 },
      (body.participants || []).join('\n')), t('participants_hint')),
    field('notes', h('textarea', { name: 'notes', rows: 3 }, body.notes || '')),
    h('div', { class: 'row' },
      button('save', 'save', { class: 'primary', onclick: async (event) => {
        const values = formValues(form);
        const problem = [
          [!values.vn_unit, () => t('fill_required')],
          [values.joint && !values.la_unit, () => t('joint_needs_la_unit')],
          [!state.gpx && !state.recorded, () => t('track_needed')],
          [state.gpx && state.gpxValid === false, () => t('gpx_unreadable')],
          [state.recorded && state.recorded.points.length < 2, () => t('track_too_short')],
        ].find(([wrong]) => wrong);
        if (problem) {
          toast(problem[1](), 'error');
          return;
        }
        event.target.disabled = true;
        const next = {
          id: record ? record.id : outbox.newId(), vn_unit: values.vn_unit,
          la_unit: values.la_unit || undefined, joint: values.joint,
          participants: values.participants.split('\n').map((p) => p.trim()).filter(Boolean),
          notes: values.notes || undefined,
        };
        if (!state.gpx) {
          Object.assign(next, {
            started_at: fromTimeField(values.started_at) || state.recorded.started_at,
            ended_at: fromTimeField(values.ended_at) || state.recorded.ended_at,
            track: { type: 'LineString', coordinates: state.recorded.points },
          });
        }
        try {
          await setMeta(`unit:${user}`, values.vn_unit);
          if (record) await outbox.replace(record.id, next);
          else await outbox.add(user, 'patrol', next, { gpx: state.gpx });
          toast(t('saved_to_outbox'));
          app.outboxChanged();
          app.go(record ? '#outbox' : '#markers');
        } finally {
          event.target.disabled = false;
        }
      } }),
      h('a', { class: 'button secondary', href: record ? '#outbox' : '#markers' },
        t('cancel'))),
  ]);

  if (state.gpx) await showGpx();
  const recording = await getMeta(recordingKey(user));
  if (recording && !record) {
    // A recording survives a reload: show it and keep listening.
    onRecording(recording);
    form.elements.started_at.value = toTimeField(new Date(recording.started_at));
    startWatching(user, onRecording);
  } else if (state.recorded) {
    recInfo.textContent = t('recording_done', { points: state.recorded.points.length,
      length: distance(trackLength(state.recorded.points)) });
  }
  return record ? screen('patrol_edit_title', form) : screen('patrol_title', form);
}
