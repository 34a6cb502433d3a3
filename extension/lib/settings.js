// settings.js: the user's settings (storage.sync) merged with the
// administrator's (storage.managed, which wins and locks what it sets).
import { ext } from './ext.js';
import '../content/sites.js';

const TABLE = globalThis.PostcheckSites;
/** The built-in sites' names (on unless switched off); opt-in ones such as
 *  Mastodon are checked only on the origins the user adds. */
export const SITES = TABLE.filter((s) => !s.optIn).map((s) => s.name);

export const DEFAULTS = Object.freeze({
  policy: '',                 // pack id, from the host's list
  officialHandles: [],        // ['@llmat', ...]
  personalMode: false,        // check posts from other accounts too
  defaultKind: 'personal',    // the account kind when the page shows no handle
  sites: Object.fromEntries(SITES.map((s) => [s, true])),
  genericOrigins: [],         // ['https://forum.example.org', ...]
  allowList: [],              // the user's own published numbers, emails, handles: never flagged
});

// Set only by IT (managed storage): rules (ids, or categories) that cannot
// be dismissed or ignored, and whether checks may be switched off per site
// or per post; IT's own allow list, added to the user's.
export const MANAGED_ONLY = Object.freeze({ lockedRules: [], allowSwitchOff: true, orgAllowList: [] });

const MANAGED_KEYS = ['policy', 'officialHandles', 'personalMode', 'defaultKind', 'sites'];

/** '@LLMAT ' -> 'llmat': how handles are compared. */
export function normaliseHandle(h) {
  return String(h || '').trim().replace(/^@+/, '').toLowerCase();
}

let cached = null;
// Storage is read once and again only after it changes.
ext.onStorageChanged((changes) => { if (isSettingsChange(changes)) cached = null; });

/** false for a change of postcheck's own bookkeeping (the copy of the
 *  managed settings, local counters), which changes no setting. */
export function isSettingsChange(changes) {
  return Object.keys(changes || {}).some((k) => !LOCAL_KEYS.includes(k));
}
const LOCAL_KEYS = ['managedCopy', 'sentWithWarnings', 'ignoredPhrases'];

/** Returns {settings, locked: [keys set by the administrator]}. */
export function loadSettings() {
  if (!cached) {
    cached = readSettings();
    cached.catch(() => { cached = null; });
  }
  return cached.then((c) => ({ settings: structuredClone(c.settings), locked: [...c.locked] }));
}

// Chromium answers storage.managed only once its policy service is up: in a
// fresh profile that took 5 s, during which no draft could be checked. The
// administrator's settings are therefore read with a deadline; past it, the
// copy kept from the last read is used (none on the very first start), and
// the settings are read again once storage.managed answers.
const MANAGED_WAIT_MS = 400;
let managedFresh = false;  // storage.managed has answered once
let managedPending = null; // its first read, while it has not
let waited = false;        // the deadline was waited for once already
let lastCopy = '';

function keepCopy(m) {
  if (JSON.stringify(m) === lastCopy) return;
  lastCopy = JSON.stringify(m);
  ext.localSet({ managedCopy: m });
}

async function readManaged() {
  if (managedFresh) {
    const m = await ext.managedGet();
    keepCopy(m);
    return { managed: m, fresh: true };
  }
  if (!managedPending) {
    managedPending = ext.managedGet().then((m) => {
      managedFresh = true;
      keepCopy(m);
      cached = null; // the next read uses it
      return m;
    });
  }
  const wait = waited ? 0 : MANAGED_WAIT_MS;
  waited = true;
  const m = await Promise.race([managedPending, new Promise((r) => setTimeout(r, wait, null))]);
  if (m) return { managed: m, fresh: true };
  const copy = (await ext.localGet({ managedCopy: {} })).managedCopy || {};
  return { managed: copy, fresh: false };
}

async function readSettings() {
  const user = await ext.syncGet({ ...DEFAULTS });
  const { managed } = await readManaged();
  const settings = { ...DEFAULTS, ...user };
  const locked = [];
  for (const k of MANAGED_KEYS) {
    if (managed[k] !== undefined) {
      settings[k] = k === 'sites' ? { ...settings.sites, ...managed.sites } : managed[k];
      locked.push(k);
    }
  }
  settings.officialHandles = (settings.officialHandles || []).map(String).filter(Boolean);
  settings.allowList = (settings.allowList || []).map(String).filter(Boolean);
  for (const [k, v] of Object.entries(MANAGED_ONLY)) settings[k] = managed[k] !== undefined ? managed[k] : v;
  if (settings.defaultKind !== 'official') settings.defaultKind = 'personal';
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
