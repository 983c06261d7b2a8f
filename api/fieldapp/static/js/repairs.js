// Open damage and the repair steps a guard may take (in repair, repaired), each with the day
// the work was done. A step is based on the version the phone knows; if the record moved on
// meanwhile, the server answers "conflict" and the step is re-based or dropped (outbox).

import { date, t, title, today } from './i18n.js';
import * as outbox from './outbox.js';
import { forUser } from './refdata.js';
import { button, field, formValues, h, screen, select, toast } from './ui.js';

export function stepsFrom(app, status) {
  return app.config.steps
    .filter(([from, , roles]) => from === status && roles.includes(app.session.role))
    .map(([, to]) => to);
}

function stepForm(app, { recordId, status, baseVersion, step, onSaved }) {
  const choices = stepsFrom(app, status);
  if (!choices.length) return null;
  const form = h('form', { class: 'step-form', novalidate: true, dataset: { record: recordId } },
    field('step_to', select('to', choices.map((to) => [to, title(to)]),
      step && choices.includes(step.to) ? step.to : choices[0])),
    field('happened_on', h('input', { type: 'date', name: 'happened_on', max: today(),
      value: (step && step.happened_on) || today(), required: true })),
    field('note', h('input', { name: 'note', value: (step && step.note) || '' })));
  form.append(button('save_step', 'save-step', { class: 'primary', onclick: async (event) => {
    const values = formValues(form);
    if (!values.happened_on) {
      toast(t('fill_required'), 'error');
      return;
    }
    event.target.disabled = true;
    const body = {
      id: step ? step.id : outbox.newId(), record_id: recordId, to: values.to,
      happened_on: values.happened_on, note: values.note || undefined,
      base_version: baseVersion,
    };
    try {
      await onSaved(body);
    } finally {
      event.target.disabled = false;
    }
  } }));
  return form;
}

export async function repairsScreen(app) {
  const damage = await forUser(app.user, 'damage');
  const { records } = await outbox.list(app.user);
  const pendingSteps = records.filter((r) => r.type === 'transition');
  const cards = damage.map((feature) => {
    const p = feature.properties;
    const steps = pendingSteps.filter((r) => r.body.record_id === p.id);
    // Steps waiting in the outbox move the record on, one version each.
    const moving = steps.filter(outbox.sendable);
    const status = moving.length ? moving[moving.length - 1].body.to : p.status;
    const baseVersion = p.version + moving.length;
    return h('li', { class: 'damage', dataset: { id: p.id } },
      h('div', { class: 'marker-head' },
        h('strong', {}, p.marker_code || p.legacy_alias || t('damage_at_point')),
        h('span', { class: 'tag' }, title(status))),
      h('div', { class: 'marker-meta' },
        `${title(p.cause)} · ${title(p.severity)} · `
        + `${t('reported_on', { when: date(p.reported_on || p.observed_on) })}`),
      h('p', {}, p.description),
      steps.map((s) => h('p', { class: `pending ${s.state}` }, t('step_pending', {
        step: title(s.body.to), when: date(s.body.happened_on),
        state: t(`state.${s.state}`) }))),
      stepForm(app, {
        recordId: p.id, status, baseVersion,
        onSaved: async (body) => {
          await outbox.add(app.user, 'transition', body);
          toast(t('saved_to_outbox'));
          app.outboxChanged();
          app.render();
        },
      }));
  });
  return screen('repairs_title',
    h('a', { class: 'button', href: '#damage', dataset: { action: 'new-damage' } },
      t('report_damage')),
    h('h2', {}, t('open_damage', { count: damage.length })),
    cards.length ? h('ul', { class: 'damage-list', id: 'damage-list' }, cards)
      : h('p', { class: 'muted' }, t('damage_none')));
}

// A step opened from the outbox: one the server did not take (its state then is the
// server's), or one still waiting (based on the record as this phone knows it).
export async function stepEditScreen(app, record) {
  const cached = (await forUser(app.user, 'damage'))
    .find((f) => f.properties.id === record.body.record_id);
  const known = record.current && record.current.status ? record.current
    : { status: cached ? cached.properties.status : null, version: record.body.base_version };
  const { status, last } = known;
  const form = status ? stepForm(app, {
    recordId: record.body.record_id, status, baseVersion: known.version, step: record.body,
    onSaved: async (body) => {
      await outbox.replace(record.id, body);
      toast(t('saved_to_outbox'));
      app.outboxChanged();
      app.go('#outbox');
    },
  }) : null;
  return screen('step_edit_title',
    record.detail ? h('p', { class: `notice ${record.state}`, id: 'record-detail' },
      `${t(`state.${record.state}`)}: ${record.detail}`) : null,
    status ? h('p', { id: 'server-state' }, t('server_state', {
      status: title(status), version: known.version })) : null,
    last ? h('p', { class: 'muted' }, t('server_last_step', {
      step: title(last.to_status), who: last.actor,
      when: date(last.happened_on || last.created_at.slice(0, 10)) })) : null,
    h('p', {}, t('your_step', { step: title(record.body.to),
      when: date(record.body.happened_on) })),
    form || h('p', { class: 'muted' }, t('no_step_possible')),
    h('a', { class: 'button secondary', href: '#outbox' }, t('cancel')));
}
