// Talking to the server: sign-in (POST /auth/token), and requests that carry the token.
// The session lives in IndexedDB; a sign-out forgets the token and nothing else.

import { deleteMeta, getMeta, setMeta } from './store.js';

export class SignInNeeded extends Error {}
export class Unreachable extends Error {}

export function session() {
  return getMeta('session');
}

// A session whose token the server refused (or that has expired) keeps its user: the guard
// goes on working offline under their own name and signs in again when back at signal.
export function usable(current) {
  return Boolean(current && current.token && Date.parse(current.expires_at) > Date.now());
}

export async function signIn(username, password) {
  const form = new URLSearchParams({ username, password });
  let answer;
  try {
    answer = await fetch('/auth/token', { method: 'POST', body: form });
  } catch (error) {
    throw new Unreachable(String(error));
  }
  if (!answer.ok) {
    const problem = await answer.json().catch(() => ({}));
    throw new SignInNeeded(problem.detail || `HTTP ${answer.status}`);
  }
  const token = await answer.json();
  const current = {
    user: username, role: token.role, token: token.access_token,
    expires_at: new Date(Date.now() + token.expires_in * 1000).toISOString(),
  };
  await setMeta('session', current);
  return current;
}

export async function expire() {
  const current = await session();
  if (current) await setMeta('session', { ...current, token: null, expires_at: null });
}

export function signOut() {
  return deleteMeta('session');
}

// fetch with the bearer token; a 401 means "sign in again", a failed fetch "no network".
export async function call(path, options = {}) {
  const current = await session();
  if (!usable(current)) throw new SignInNeeded('no valid session');
  const headers = { ...(options.headers || {}), Authorization: `Bearer ${current.token}` };
  let answer;
  try {
    answer = await fetch(path, { ...options, headers, cache: 'no-store' });
  } catch (error) {
    throw new Unreachable(String(error));
  }
  if (answer.status === 401) {
    await expire();
    throw new SignInNeeded('the server refused the token');
  }
  return answer;
}

export async function problemText(answer) {
  const body = await answer.text();
  try {
    const problem = JSON.parse(body);
    return problem.detail || problem.title || body;
  } catch {
    return body || `HTTP ${answer.status}`;
  }
}
