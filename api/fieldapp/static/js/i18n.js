// Every word of the app comes from the server's one table (layers/labels.py), handed
// over as /field/words.json. A key missing from it shows as ⟦key⟧ and is logged as an error,
// so a test that opens every screen catches it.

export const LANGS = ['vi', 'lo', 'en'];
const LOCALES = { vi: 'vi-VN', lo: 'lo-LA', en: 'en-GB' };
// Both sides of this border keep Indochina Time; times are shown there, whatever the phone.
export const ZONE = 'Asia/Ho_Chi_Minh';

let words = null;
let lang = 'vi';

export async function loadWords() {
  const answer = await fetch('/field/words.json');
  if (!answer.ok) throw new Error(`words.json: HTTP ${answer.status}`);
  words = await answer.json();
}

export function setLang(value) {
  lang = LANGS.includes(value) ? value : 'vi';
  document.documentElement.lang = lang;
}

export function currentLang() {
  return lang;
}

export function t(key, vars) {
  const text = words && words[lang] ? words[lang][key] : undefined;
  if (text === undefined) {
    console.error(`missing label: ${key} (${lang})`);
    return `⟦${key}⟧`;
  }
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : ''));
}

// The title of a stored value (a condition, a cause, a status): its key is value.<value>,
// one title per value wherever it appears (as on the maps).
export function title(value) {
  return value == null ? '—' : t(`value.${value}`);
}

// Fill every element that names its label with data-t (static parts of the page).
export function applyWords(root = document) {
  for (const element of root.querySelectorAll('[data-t]')) {
    element.textContent = t(element.dataset.t);
  }
}

export function number(value, digits = 0) {
  return new Intl.NumberFormat(LOCALES[lang], {
    maximumFractionDigits: digits, minimumFractionDigits: digits,
  }).format(value);
}

// A distance rounded as a guard reads it: 0.4 m, 38 m, 1.2 km.
export function distance(metres) {
  if (metres == null || Number.isNaN(metres)) return '—';
  if (metres < 10) return `${number(metres, 1)} m`;
  if (metres < 1000) return `${number(Math.round(metres))} m`;
  return `${number(metres / 1000, 1)} km`;
}

export function dateTime(iso) {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone: ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit',
    minute: '2-digit', hourCycle: 'h23',
  }).format(new Date(iso));
}

export function date(isoDate) {
  if (!isoDate) return '—';
  // A plain date is a day, not an instant: format it at noon UTC so no zone shifts it.
  // Figures only: browsers carry no Lao month names.
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric',
  }).format(new Date(`${isoDate}T12:00:00Z`));
}

// Today's date on the border (YYYY-MM-DD), for date fields and their upper bound.
export function today() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date());
}

// Date-and-time fields hold border time (UTC+07:00 all year: neither side has summer time),
// so a phone set to another zone still records what the guard typed.
const BORDER_OFFSET = '+07:00';

export function toTimeField(date = new Date()) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit',
    minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type) => parts.find((p) => p.type === type).value;
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
}

export function fromTimeField(value) {
  return value ? new Date(`${value}:00${BORDER_OFFSET}`).toISOString() : null;
}
