// settings.js: the user's settings (storage.sync) merged with the
// administrator's (storage.managed, which wins and locks what it sets).
import { ext } from './ext.js';

export const DEFAULTS = Object.freeze({
  policy: '',                 // pack id, from the host's list
  officialHandles: [],        // ['@llmat', ...]
  personalMode: false,        // check posts from other accounts too
  sites: { x: true, facebook: true, linkedin: true },
  genericOrigins: [],         // ['https://forum.example.org', ...]
});

const MANAGED_KEYS = ['policy', 'officialHandles', 'personalMode', 'sites'];

/** '@LLMAT ' -> 'llmat': how handles are compared. */
export function normaliseHandle(h) {
  return String(h || '').trim().replace(/^@+/, '').toLowerCase();
}

let cached = null;
// Storage is read once and again only after it changes.
ext.onStorageChanged(() => { cached = null; });

/** Returns {settings, locked: [keys set by the administrator]}. */
export function loadSettings() {
  if (!cached) {
    cached = readSettings();
    cached.catch(() => { cached = null; });
  }
  return cached.then((c) => ({ settings: structuredClone(c.settings), locked: [...c.locked] }));
}

async function readSettings() {
  const user = await ext.syncGet({ ...DEFAULTS });
  const managed = await ext.managedGet();
  const settings = { ...DEFAULTS, ...user };
  const locked = [];
  for (const k of MANAGED_KEYS) {
    if (managed[k] !== undefined) {
      settings[k] = k === 'sites' ? { ...settings.sites, ...managed.sites } : managed[k];
      locked.push(k);
    }
  }
  settings.officialHandles = (settings.officialHandles || []).map(String).filter(Boolean);
  return { settings, locked };
}

/** Saves patch to storage.sync, leaving out what the administrator locked. */
export async function saveSettings(patch) {
  const { locked } = await loadSettings();
  const clean = {};
  for (const [k, v] of Object.entries(patch)) {
    if (k in DEFAULTS && !locked.includes(k)) clean[k] = v;
  }
  await ext.syncSet(clean);
  return loadSettings();
}

/** 'official' when handle is on the official list, else 'personal'. */
export function accountKind(settings, handle) {
  const h = normaliseHandle(handle);
  if (!h) return 'personal';
  return settings.officialHandles.some((o) => normaliseHandle(o) === h) ? 'official' : 'personal';
}
