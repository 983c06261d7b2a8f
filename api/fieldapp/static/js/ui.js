// Building the screens: elements are made with h() and filled with textContent only, so no
// text from the server or the guard can become markup.

import { t } from './i18n.js';

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value == null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

// Children may be null or false (a part that does not apply): they are left out.
export function append(element, children) {
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// A labelled field: <label>title <input …></label>
export function field(key, control, hint) {
  return h('label', { class: 'field' }, h('span', { class: 'label' }, t(key)), control,
    hint ? h('small', { class: 'hint' }, hint) : null);
}

export function select(name, options, selected, attributes = {}) {
  return h('select', { name, ...attributes }, options.map(([value, label]) => h('option', {
    value, selected: value === selected,
  }, label)));
}

export function button(key, action, attributes = {}) {
  return h('button', { type: 'button', dataset: { action }, ...attributes }, t(key));
}

export function screen(titleKey, ...children) {
  return h('section', { class: 'screen' }, h('h1', {}, t(titleKey)), ...children);
}

let toastTimer = null;
export function toast(text, kind = 'ok') {
  let box = document.getElementById('toast');
  if (!box) {
    box = h('div', { id: 'toast', role: 'status' });
    document.body.append(box);
  }
  box.textContent = text;
  box.className = `toast ${kind}`;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.className = 'toast hidden'; }, 4000);
}

export function formValues(form) {
  const values = {};
  for (const element of form.elements) {
    if (!element.name) continue;
    if (element.type === 'checkbox') values[element.name] = element.checked;
    else if (element.type !== 'file') values[element.name] = element.value.trim();
  }
  return values;
}

// Photo inputs: one opens the camera, one the gallery; the files are kept as they are (with
// their EXIF), previewed, and may be taken out again before saving.
export function photoPicker(files, maxBytes) {
  const previews = h('div', { class: 'previews' });
  const render = () => {
    previews.replaceChildren(...files.map((file, index) => {
      const url = URL.createObjectURL(file);
      const image = h('img', { src: url, alt: file.name });
      image.addEventListener('load', () => URL.revokeObjectURL(url), { once: true });
      return h('figure', { class: 'preview' }, image,
        h('figcaption', {}, file.name, file.size > maxBytes ? ` — ${t('photo_too_large')}` : ''),
        h('button', { type: 'button', class: 'small', dataset: { action: 'remove-photo' },
          onclick: () => { files.splice(index, 1); render(); } }, t('remove')));
    }));
  };
  const add = (event) => {
    files.push(...event.target.files);
    event.target.value = '';
    render();
  };
  render();
  return h('div', { class: 'photos' },
    h('span', { class: 'label' }, t('photos')),
    h('div', { class: 'row' },
      h('label', { class: 'file-button' }, t('photo_camera'),
        h('input', { type: 'file', name: 'camera', accept: 'image/jpeg,image/png',
          capture: 'environment', onchange: add })),
      h('label', { class: 'file-button' }, t('photo_gallery'),
        h('input', { type: 'file', name: 'gallery', accept: 'image/jpeg,image/png', multiple: true,
          onchange: add }))),
    previews);
}
