// options.js: the options page. Talks to the service worker by messages
// only, except the runtime permission request for an extra site, which the
// browser allows only from the page, inside the user's click.
const M = globalThis.PostcheckMessages;
const api = globalThis.browser || globalThis.chrome;
const $ = (id) => document.getElementById(id);
// The built-in sites, from the one site table (content/sites.js).
const SITES = globalThis.PostcheckSites.filter((s) => !s.optIn);
for (const s of SITES) {
  const label = document.createElement('label');
  label.className = 'check';
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.id = `site-${s.name}`;
  label.append(box, ` ${s.label}`);
  $('sites').append(label);
}
const send = (msg) => api.runtime.sendMessage(msg);

function showStatus(host) {
  const s = $('status');
  s.textContent = host.text;
  s.className = host.code === 'ready' ? 'good' : 'bad';
}

function fillPolicies(policies, current) {
  const sel = $('policy');
  const known = new Set();
  sel.replaceChildren(new Option('Choose your organisation…', ''));
  for (const p of policies) {
    known.add(p.id);
    const label = p.organisation && p.organisation !== p.name ? `${p.name} (${p.organisation})` : p.name;
    sel.add(new Option(label || p.id, p.id));
  }
  if (current && !known.has(current)) sel.add(new Option(`${current} (not offered by postcheck)`, current));
  sel.value = current || '';
}

function fillOrigins(origins) {
  const ul = $('origins');
  ul.replaceChildren();
  for (const o of origins) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = 'Remove';
    b.addEventListener('click', async () => {
      await send({ type: M.UI_BG_SITE_SET, origin: o, on: false });
      try { await api.permissions.remove({ origins: [o + '/*'] }); } catch { /* kept */ }
      load();
    });
    li.append(o + ' ', b);
    ul.append(li);
  }
}

function lock(key, locked, ...els) {
  const on = locked.includes(key);
  for (const el of els) el.disabled = on;
  const note = $(`${key === 'officialHandles' ? 'handles' : key === 'personalMode' ? 'personal' : key}-locked`);
  if (note) note.hidden = !on;
}

async function load() {
  const st = await send({ type: M.UI_BG_STATUS });
  const { settings, locked } = st;
  showStatus(st.host);
  fillPolicies(st.host.policies || [], settings.policy);
  $('handles').value = settings.officialHandles.join('\n');
  $('allow').value = (settings.allowList || []).join('\n');
  $('personal').checked = !!settings.personalMode;
  for (const s of SITES) {
    $(`site-${s.name}`).checked = settings.sites[s.name] !== false;
    $(`site-${s.name}`).disabled = locked.includes('sites');
  }
  $('sites-locked').hidden = !locked.includes('sites');
  $('default-kind').value = settings.defaultKind || 'personal';
  lock('defaultKind', locked, $('default-kind'));
  fillOrigins(settings.genericOrigins || []);
  lock('policy', locked, $('policy'));
  lock('officialHandles', locked, $('handles'));
  lock('personalMode', locked, $('personal'));
}

async function save(patch) {
  await send({ type: M.UI_BG_SETTINGS_SET, patch });
  $('saved').textContent = 'Saved.';
  setTimeout(() => { $('saved').textContent = ''; }, 1500);
}

$('policy').addEventListener('change', (e) => save({ policy: e.target.value }));
// Handles are saved as they are typed (at most every 400 ms, and at once
// when the page is hidden or closed), so closing the tab loses nothing.
const handlesOf = (v) => v.split(/[\s,]+/).map((h) => h.trim()).filter(Boolean)
  .map((h) => (h.startsWith('@') ? h : '@' + h));
let handlesTimer = 0;
let handlesDirty = false;
function saveHandles() {
  clearTimeout(handlesTimer);
  handlesTimer = 0;
  if (!handlesDirty) return;
  handlesDirty = false;
  save({ officialHandles: handlesOf($('handles').value) });
}
$('handles').addEventListener('input', () => {
  handlesDirty = true;
  if (!handlesTimer) handlesTimer = setTimeout(saveHandles, 400);
});
$('handles').addEventListener('change', saveHandles);
let allowTimer = 0;
const saveAllow = () => {
  clearTimeout(allowTimer);
  save({ allowList: $('allow').value.split('\n').map((l) => l.trim()).filter(Boolean) });
};
$('allow').addEventListener('input', () => { clearTimeout(allowTimer); allowTimer = setTimeout(saveAllow, 400); });
$('allow').addEventListener('change', saveAllow);
window.addEventListener('pagehide', () => { saveHandles(); if (allowTimer) saveAllow(); });
document.addEventListener('visibilitychange', () => { if (document.hidden) saveHandles(); });
$('personal').addEventListener('change', (e) => save({ personalMode: e.target.checked }));
for (const s of SITES) {
  $(`site-${s.name}`).addEventListener('change', () => {
    const sites = {};
    for (const t of SITES) sites[t.name] = $(`site-${t.name}`).checked;
    save({ sites });
  });
}
$('default-kind').addEventListener('change', (e) => save({ defaultKind: e.target.value }));
$('add-origin').addEventListener('click', async () => {
  let origin;
  try { origin = new URL($('origin').value.trim()).origin; } catch { return; }
  const granted = await api.permissions.request({ origins: [origin + '/*'] });
  if (!granted) return;
  await send({ type: M.UI_BG_SITE_SET, origin, on: true });
  $('origin').value = '';
  load();
});
$('retry').addEventListener('click', async () => {
  const st = await send({ type: M.UI_BG_RECONNECT });
  showStatus(st.host);
  load();
});
$('logo').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  if (!file) return;
  const img = new Image();
  img.src = URL.createObjectURL(file);
  const hash = await globalThis.PostcheckCore.dhashOfImage(img);
  $('logo-line').textContent = hash
    ? JSON.stringify({ name: file.name, dhash: hash, note: 'added from the options page' })
    : 'This image could not be read.';
});

if (location.hash === '#welcome') $('welcome').hidden = false;
load();
