// Inspections and damage reports: made offline, saved to the outbox with their photos.
// A record the server rejected opens here again with its reason, to be corrected.

import { currentPosition, displacement } from './geo.js';
import { distance, fromTimeField, t, title, today, toTimeField } from './i18n.js';
import * as outbox from './outbox.js';
import { layer, registryPoints } from './refdata.js';
import {
  append, button, field, formValues, h, photoPicker, screen, select, toast,
} from './ui.js';

async function markerCodes() {
  return h('datalist', { id: 'marker-codes' },
    (await layer('markers')).map((f) => h('option', { value: f.properties.code })));
}

function rejectedNote(record) {
  if (!record || !record.detail) return null;
  return h('p', { class: `notice ${record.state}`, id: 'record-detail' },
    `${t(`state.${record.state}`)}: ${record.detail}`);
}

// The measured point: taken from the phone, shown with its accuracy, kept in the form.
function pointPicker(app, state, onChange) {
  const text = h('span', { class: 'point-text' });
  const show = () => {
    text.textContent = state.point
      ? t('position_is', { lat: state.point.lat.toFixed(6), lon: state.point.lon.toFixed(6),
        accuracy: state.point.accuracy == null ? '—' : distance(state.point.accuracy) })
      : t('position_none');
  };
  const locate = async (event) => {
    event.target.disabled = true;
    try {
      state.point = await currentPosition();
      app.position = state.point;
    } catch (error) {
      toast(t('position_failed', { reason: error.message || String(error) }), 'error');
    } finally {
      event.target.disabled = false;
    }
    show();
    onChange();
  };
  const clear = () => { state.point = null; show(); onChange(); };
  show();
  return h('div', { class: 'point' },
    h('span', { class: 'label' }, t('measured_point')), text,
    h('div', { class: 'row' },
      h('button', { type: 'button', dataset: { action: 'use-position' }, onclick: locate },
        t('use_position')),
      h('button', { type: 'button', class: 'secondary', dataset: { action: 'clear-position' },
        onclick: clear }, t('clear'))));
}

function pointGeometry(point) {
  return point ? { type: 'Point', coordinates: [point.lon, point.lat] } : undefined;
}

function pointFrom(body) {
  if (!body.position) return null;
  const [lon, lat] = body.position.coordinates;
  return { lon, lat, accuracy: body.accuracy_m ?? null };
}

async function save(app, record, type, body, photos, gpx = null) {
  if (record) await outbox.replace(record.id, body, { photos });
  else await outbox.add(app.user, type, body, { photos, gpx });
  toast(t('saved_to_outbox'));
  app.outboxChanged();
  app.go(record ? '#outbox' : '#markers');
}

// --- inspection --------------------------------------------------------------------------

export async function inspectionScreen(app, { code, record }) {
  const body = record ? record.body : {};
  const state = { point: record ? pointFrom(body) : null };
  const photos = [];
  const registry = await registryPoints();
  const rule = app.config.alert;
  const verdict = h('p', { id: 'displacement', class: 'displacement', 'aria-live': 'polite' });
  const form = h('form', { id: 'inspection-form', novalidate: true });

  const judge = () => {
    const marker = form.elements.marker_code.value.trim();
    const point = registry.get(marker);
    verdict.className = 'displacement';
    if (!marker) {
      verdict.textContent = '';
    } else if (!point) {
      verdict.textContent = t('marker_not_cached', { code: marker });
      verdict.classList.add('warn');
    } else if (!state.point) {
      verdict.textContent = t('displacement_needs_point');
    } else {
      const d = displacement([state.point.lon, state.point.lat], point, state.point.accuracy,
        rule);
      verdict.dataset.metres = d.metres.toFixed(3);
      verdict.dataset.alert = String(d.alert);
      const figures = { metres: distance(d.metres), threshold: distance(d.threshold) };
      verdict.textContent = d.alert ? t('displacement_alert', figures)
        : t('displacement_ok', figures);
      if (d.alert) verdict.classList.add('alert');
    }
  };

  append(form, [
    rejectedNote(record),
    await markerCodes(),
    field('marker', h('input', { name: 'marker_code', list: 'marker-codes', required: true,
      autocomplete: 'off', value: body.marker_code || code || '', oninput: judge })),
    field('observed_at', h('input', { type: 'datetime-local', name: 'observed_at',
      value: body.observed_at ? toTimeField(new Date(body.observed_at)) : toTimeField() })),
    field('condition', select('condition', [['', t('choose')],
      ...app.config.conditions.map((c) => [c, title(c)])],
    body.condition || '', { required: true })),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'vegetation_cleared',
      checked: Boolean(body.vegetation_cleared) }), t('vegetation_cleared')),
    pointPicker(app, state, judge),
    verdict,
    field('notes', h('textarea', { name: 'notes', rows: 3 }, body.notes || '')),
    photoPicker(photos, app.config.max_photo_bytes),
    h('div', { class: 'row' },
      button('save', 'save', { class: 'primary', onclick: async (event) => {
        const values = formValues(form);
        if (!values.marker_code || !values.condition) {
          toast(t('fill_required'), 'error');
          return;
        }
        event.target.disabled = true;
        const next = {
          id: record ? record.id : outbox.newId(), marker_code: values.marker_code,
          observed_at: fromTimeField(values.observed_at) || new Date().toISOString(),
          condition: values.condition, vegetation_cleared: values.vegetation_cleared,
          position: pointGeometry(state.point),
          accuracy_m: state.point && state.point.accuracy != null
            ? Math.round(state.point.accuracy * 10) / 10 : undefined,
          notes: values.notes || undefined,
        };
        try {
          await save(app, record, 'inspection', next, photos);
        } finally {
          event.target.disabled = false;
        }
      } }),
      h('a', { class: 'button secondary', href: record ? '#outbox' : '#markers' }, t('cancel'))),
  ]);
  judge();
  return record ? screen('inspection_edit_title', form) : screen('inspection_title', form);
}

// --- damage report -----------------------------------------------------------------------

export async function damageScreen(app, { code, record }) {
  const body = record ? record.body : {};
  const state = { point: record ? pointFrom(body) : null };
  const photos = [];
  const form = h('form', { id: 'damage-form', novalidate: true });
  append(form, [
    rejectedNote(record),
    h('p', { class: 'muted' }, t('damage_where')),
    await markerCodes(),
    field('marker', h('input', { name: 'marker_code', list: 'marker-codes', autocomplete: 'off',
      value: body.marker_code || code || '' })),
    pointPicker(app, state, () => {}),
    field('cause', select('cause', [['', t('choose')],
      ...app.config.causes.map((c) => [c, title(c)])], body.cause || '',
    { required: true })),
    field('severity', select('severity',
      app.config.severities.map((s) => [s, title(s)]), body.severity || 'unknown')),
    field('observed_on', h('input', { type: 'date', name: 'observed_on', max: today(),
      value: body.observed_on || today() })),
    field('description', h('textarea', { name: 'description', rows: 3, required: true },
      body.description || '')),
    photoPicker(photos, app.config.max_photo_bytes),
    h('div', { class: 'row' },
      button('save', 'save', { class: 'primary', onclick: async (event) => {
        const values = formValues(form);
        if (!values.cause || !values.description || (!values.marker_code && !state.point)) {
          toast(t('fill_required'), 'error');
          return;
        }
        event.target.disabled = true;
        const next = {
          id: record ? record.id : outbox.newId(), marker_code: values.marker_code || undefined,
          position: pointGeometry(state.point), cause: values.cause, severity: values.severity,
          observed_on: values.observed_on || undefined, description: values.description,
        };
        try {
          await save(app, record, 'damage_report', next, photos);
        } finally {
          event.target.disabled = false;
        }
      } }),
      h('a', { class: 'button secondary', href: record ? '#outbox' : '#markers' }, t('cancel'))),
  ]);
  return record ? screen('damage_edit_title', form) : screen('damage_title', form);
}
