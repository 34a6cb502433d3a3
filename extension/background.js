// background.js: the service worker. Owns the one connection to the host
// (lib/native.js), the settings, and the decision whether a draft may be
// sent at all. Listeners are registered at top level; one `type` switch,
// with a sender check before anything is forwarded.
import './lib/messages.js';
import { ext } from './lib/ext.js';
import { HOST_NAME } from './lib/ids.js';
import { HostPool, REQUEST_TIMEOUT_MS, PIXELS_TIMEOUT_MS } from './lib/native.js';
import { fitText, MAX_ATTACHMENTS } from './lib/limits.js';
import { readsJpeg, withRgb } from './lib/pixels.js';
import { filterFindings, ignorePhrase, countSentWithWarnings } from './lib/controls.js';
import { loadSettings, saveSettings, accountKind, isSettingsChange, SITES } from './lib/settings.js';

const M = globalThis.PostcheckMessages;

// A host per tab (see HostPool): one tab's slow, refused or crashing
// requests never delay another's. 'ui' serves the popup and options page.
const hosts = new HostPool(HOST_NAME, async () => (await loadSettings()).settings.policy);
const uiHost = () => hosts.get('ui');
// The newest check seen from each editor, to drop replies to older drafts:
// `${tab}:${frame}` -> {page, seqs: Map(editor -> seq)}. A page counts its
// editors and checks from 1 anew when it loads, so a new page in the frame
// (its content script's random `page`) starts a new count: kept across a
// reload, the old page's counts made the new page's first checks look old
// and their replies were dropped (an image attached after a reload, whose
// draft sends one or two checks, got no warning at all).
const latestSeq = new Map();

/** Records check msg from sender; false when a newer one from the same
 *  editor of the same page was seen before. */
function noteSeq(sender, msg) {
  const frame = `${sender.tab ? sender.tab.id : 'x'}:${sender.frameId || 0}`;
  const page = String(msg.page || '');
  let f = latestSeq.get(frame);
  if (!f || f.page !== page) {
    f = { page, seqs: new Map() };
    latestSeq.set(frame, f);
  }
  if ((f.seqs.get(msg.editor) || 0) > msg.seq) return false;
  f.seqs.set(msg.editor, msg.seq);
  return true;
}

/** True when a check newer than msg came from its editor since. */
function superseded(sender, msg) {
  const f = latestSeq.get(`${sender.tab ? sender.tab.id : 'x'}:${sender.frameId || 0}`);
  return !!f && f.page === String(msg.page || '') && (f.seqs.get(msg.editor) || 0) > msg.seq;
}

/** Local time with its UTC offset, as the protocol's `now`. */
function localIsoNow(d = new Date()) {
  const pad = (n) => String(Math.abs(n)).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
    `${sign}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`;
}

function siteEnabled(settings, site, origin) {
  if (SITES.includes(site)) return settings.sites[site] !== false;
  return settings.genericOrigins.includes(origin);
}

/** What a content script may know: only whether its site is on. Which
 *  account may be checked is decided here, per draft (check()). */
async function configFor(sender, site) {
  const { settings } = await loadSettings();
  const origin = sender.origin || (sender.url ? new URL(sender.url).origin : '');
  return { enabled: siteEnabled(settings, site, origin), allowSwitchOff: settings.allowSwitchOff !== false };
}

/**
 * Checks one draft; replies {result, partial?, attachmentsLeft?,
 * unknownAccount?} | {skipped} | {stale} | {error}. Whether the draft may
 * go to the host at all is decided here: the site on, an organisation
 * chosen, and the account official or personal checks on. A handle the
 * page did not show counts as the user's default account kind.
 */
async function check(sender, msg) {
  const tab = sender.tab ? sender.tab.id : 'x';
  if (!noteSeq(sender, msg)) return { stale: true };
  const d = msg.draft || {};
  const { settings, locked } = await loadSettings();
  const origin = sender.origin || (sender.url ? new URL(sender.url).origin : '');
  if (!siteEnabled(settings, msg.site, origin)) return { skipped: 'site-off' };
  if (!settings.policy) return { skipped: 'no-policy' };
  const handle = typeof d.handle === 'string' ? d.handle.slice(0, 200) : '';
  const kind = handle ? accountKind(settings, handle) : settings.defaultKind;
  // Personal-account mode off: nothing from other accounts leaves here.
  if (kind === 'personal' && !settings.personalMode) {
    return { skipped: handle ? 'personal' : 'unknown-personal' };
  }
  let attachments = Array.isArray(d.attachments) ? d.attachments.slice(0, MAX_ATTACHMENTS) : [];
  const host = hosts.get(`tab:${tab}`);
  const pixels = attachments.some((a) => a && a.pixels);
  if (attachments.some((a) => a && a.pixels && typeof a.pixels.jpeg === 'string')) {
    // A thumbnail drawn as a JPEG goes as RGB to a host that does not
    // read JPEG (an older postcheck: its hello does not say so).
    try {
      await host.connect();
    } catch (e) {
      return { error: host.state.text || String(e.message || e), code: host.state.code };
    }
    if (!readsJpeg(host.hello)) attachments = await withRgb(attachments);
  }
  const request = {
    type: 'check',
    policy: settings.policy,
    account: { kind, handle },
    site: typeof d.site === 'string' ? d.site.slice(0, 200) : '',
    text: '',
    attachments,
    now: localIsoNow(),
  };
  // IT locked the organisation: only a built-in or system pack may serve it.
  if (locked.includes('policy')) request.locked = true;
  // Never what the host must refuse: text past the request limit is cut
  // (at a character boundary) and the reply says how much was checked.
  const text = String(d.text || '');
  request.text = fitText(text, request);
  const extra = {};
  if (request.text.length < text.length) extra.partial = { checked: request.text.length, total: text.length };
  const left = (Number(d.attachmentsLeft) || 0) + (Array.isArray(d.attachments) ? d.attachments.length - attachments.length : 0);
  if (left > 0) extra.attachmentsLeft = left;
  if (!handle) extra.unknownAccount = kind;
  try {
    // `run` names the host process that answered: the thumbnails sent to
    // an earlier one are not known to this one (session.js sends them again).
    const { reply, run } = await host.requestRun(request, pixels ? PIXELS_TIMEOUT_MS : REQUEST_TIMEOUT_MS);
    if (superseded(sender, msg)) return { stale: true };
    if (reply.type === 'error') return { error: reply.message || reply.code, code: reply.code };
    reply.findings = await filterFindings(settings, request.text, reply.findings);
    return { result: reply, run, ...extra };
  } catch (e) {
    return { error: host.state.text || String(e.message || e), code: host.state.code };
  }
}

/** A composer of the sender's tab has the focus: that tab's host is started
 *  now (its hello names the pack, which it prepares while idle), when a
 *  check from there could go to it at all. Nothing of the draft is sent. */
async function warm(sender, site) {
  const { settings } = await loadSettings();
  const origin = sender.origin || (sender.url ? new URL(sender.url).origin : '');
  if (!sender.tab || !siteEnabled(settings, site, origin) || !settings.policy) return { ok: false };
  const host = hosts.get(`tab:${sender.tab.id}`);
  // Open: hello again, so a vision helper stopped while idle is started.
  if (host.port && host.hello) host.rehello();
  else host.connect().catch(() => { /* its state says why */ });
  return { ok: true };
}

/** Switches checks off on the sender's site, unless IT does not allow it. */
async function siteOff(sender, site) {
  const { settings, locked } = await loadSettings();
  if (settings.allowSwitchOff === false) return { ok: false };
  const origin = sender.origin || (sender.url ? new URL(sender.url).origin : '');
  if (SITES.includes(site)) {
    if (locked.includes('sites')) return { ok: false };
    await saveSettings({ sites: { ...settings.sites, [site]: false } });
  } else {
    await setSite(origin, false);
  }
  return { ok: true };
}

/** Opens a finding's page (the clause, or the "this is wrong" report) with
 *  only what it shows: pack, rule, category, clause, quote, flagged words. */
async function openPage(msg) {
  const d = msg.data || {};
  const keep = {};
  for (const k of ['policy', 'rule', 'category', 'severity', 'clause', 'quote', 'message', 'words']) {
    if (typeof d[k] === 'string') keep[k] = d[k].slice(0, 2000);
  }
  const page = msg.page === 'report' ? 'report' : 'clause';
  await ext.openPage(`pages/${page}.html#${encodeURIComponent(JSON.stringify(keep))}`);
  return { ok: true };
}

async function status() {
  const host = uiHost();
  if (host.state.code !== 'ready') {
    try { await host.connect(); } catch { /* state says why */ }
  }
  const { settings, locked } = await loadSettings();
  const { sentWithWarnings } = await ext.localGet({ sentWithWarnings: 0 });
  return { host: host.state, settings, locked, hostName: HOST_NAME, hostsOpen: hosts.open, sentWithWarnings };
}

async function setSite(origin, on) {
  const { settings } = await loadSettings();
  let origins = settings.genericOrigins.filter((o) => o !== origin);
  if (on) origins = [...origins, origin];
  await saveSettings({ genericOrigins: origins });
  await ext.registerGeneric(origins);
  return loadSettings();
}

function fromExtensionPage(sender) {
  return sender.url && sender.url.startsWith(ext.extensionOrigin() + '/');
}

function handle(msg, sender) {
  switch (msg && msg.type) {
    case M.CS_BG_CONFIG:
      return configFor(sender, msg.site);
    case M.CS_BG_CHECK:
      return check(sender, msg);
    case M.CS_BG_WARM:
      return warm(sender, msg.site);
    case M.CS_BG_OPEN_OPTIONS:
      return Promise.resolve(ext.openOptions()).then(() => ({ ok: true }), () => ({ ok: false }));
    case M.CS_BG_OPEN_PAGE:
      return openPage(msg);
    case M.CS_BG_IGNORE:
      return loadSettings().then(({ settings }) => ignorePhrase(settings, String(msg.rule || ''),
        String(msg.words || '').slice(0, 500))).then((ok) => ({ ok }));
    case M.CS_BG_SITE_OFF:
      return siteOff(sender, msg.site);
    case M.CS_BG_SENT:
      return countSentWithWarnings().then(() => ({ ok: true }));
  }
  if (!fromExtensionPage(sender)) return Promise.resolve({ error: 'not allowed' });
  switch (msg.type) {
    case M.UI_BG_STATUS:
      return status();
    case M.UI_BG_SETTINGS_GET:
      return loadSettings();
    case M.UI_BG_SETTINGS_SET:
      return saveSettings(msg.patch || {});
    case M.UI_BG_SITE_SET:
      return setSite(msg.origin, !!msg.on);
    case M.UI_BG_RECONNECT:
      for (const h of hosts.hosts.values()) h.retryNow();
      return status();
    default:
      return Promise.resolve({ error: 'unknown message' });
  }
}

ext.onMessage((msg, sender, sendResponse) => {
  handle(msg, sender).then(sendResponse, (e) => sendResponse({ error: String(e.message || e) }));
  return true;
});

// A content script sends its checks over one port ({id, msg} -> {id,
// reply}): cheaper for the page per keystroke than a sendMessage each.
ext.onConnect((port) => {
  if (port.name !== M.CS_BG_PORT) return;
  port.onMessage.addListener((m) => {
    if (!m || !m.msg || m.msg.type !== M.CS_BG_CHECK) return;
    check(port.sender, m.msg).catch((e) => ({ error: String(e.message || e) })).then((reply) => {
      try { port.postMessage({ id: m.id, reply }); } catch { /* the page went */ }
    });
  });
});

// A closed tab's host is ended with it.
ext.onTabRemoved((tabId) => {
  hosts.drop(`tab:${tabId}`);
  for (const k of latestSeq.keys()) if (k.startsWith(`${tabId}:`)) latestSeq.delete(k);
});

// A new user is shown what postcheck does and what to set up.
ext.onInstalled((details) => {
  if (details && details.reason === 'install') ext.openOptions('#welcome');
});

// Tell content scripts when settings change, so they re-read their config.
ext.onStorageChanged(async (changes) => {
  if (!isSettingsChange(changes)) return;
  for (const tab of await ext.allTabs()) {
    ext.sendToTab(tab.id, { type: M.BG_CS_SETTINGS_CHANGED });
  }
});
