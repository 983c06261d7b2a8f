// IndexedDB: the outbox (records and photos waiting for the server), the log of what was
// sent, the reference data kept for offline use, and small settings (session, language).
//
// Every write is a "strict" transaction: it completes only once the browser has flushed it
// to disk, so a record the guard saw as saved survives a dead battery.

const DB_NAME = 'cotmoc-field';
const DB_VERSION = 1;
let opened = null;

function upgrade(db) {
  // Records waiting to be sent, one per client-made UUID; each belongs to one user name.
  const records = db.createObjectStore('records', { keyPath: 'id' });
  records.createIndex('user', 'user');
  // Photos waiting to be uploaded; they go after their record is stored on the server.
  const photos = db.createObjectStore('photos', { keyPath: 'photo_id' });
  photos.createIndex('user', 'user');
  photos.createIndex('record_id', 'record_id');
  // What the server accepted (a summary only, no photo bytes), for the guard to see.
  const sent = db.createObjectStore('sent', { keyPath: 'id' });
  sent.createIndex('user', 'user');
  // Reference data: registry layers, each user's due list and open damage.
  db.createObjectStore('cache', { keyPath: 'key' });
  // Session, language, counters, a track being recorded.
  db.createObjectStore('meta', { keyPath: 'key' });
}

export function openDb() {
  if (!opened) {
    opened = new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => upgrade(request.result);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
    });
  }
  return opened;
}

export function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

// Run fn(stores) in one transaction over `names`; resolves with fn's result once the
// transaction has committed (for writes: flushed to disk), rejects if it aborted.
export async function transact(names, mode, fn) {
  const db = await openDb();
  const options = mode === 'readwrite' ? { durability: 'strict' } : undefined;
  const tx = db.transaction(names, mode, options);
  const stores = Object.fromEntries(names.map((name) => [name, tx.objectStore(name)]));
  let result;
  const finished = new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve(result);
    tx.onabort = () => reject(tx.error || new Error('transaction aborted'));
    tx.onerror = () => reject(tx.error);
  });
  try {
    result = await fn(stores);
  } catch (error) {
    try { tx.abort(); } catch { /* already finished */ }
    throw error;
  }
  return finished;
}

export function byUser(store, user) {
  return done(store.index('user').getAll(IDBKeyRange.only(user)));
}

export async function getMeta(key, fallback = null) {
  const row = await transact(['meta'], 'readonly', (s) => done(s.meta.get(key)));
  return row ? row.value : fallback;
}

export function setMeta(key, value) {
  return transact(['meta'], 'readwrite', (s) => done(s.meta.put({ key, value })));
}

export function deleteMeta(key) {
  return transact(['meta'], 'readwrite', (s) => done(s.meta.delete(key)));
}

export async function getCached(key) {
  return transact(['cache'], 'readonly', (s) => done(s.cache.get(key)));
}

export function putCached(key, value) {
  const row = { key, value, fetched_at: new Date().toISOString() };
  return transact(['cache'], 'readwrite', (s) => done(s.cache.put(row)));
}
