// popup.js: the toolbar popup: host status in plain words and the settings
// that decide what is checked. Messages only.
const M = globalThis.PostcheckMessages;
const api = globalThis.browser || globalThis.chrome;
const $ = (id) => document.getElementById(id);

async function load() {
  const st = await api.runtime.sendMessage({ type: M.UI_BG_STATUS });
  const { settings, locked } = st;
  $('status').textContent = st.host.text;
  $('status').className = st.host.code === 'ready' ? 'good' : 'bad';
  const pack = (st.host.policies || []).find((p) => p.id === settings.policy);
  $('org').textContent = settings.policy
    ? `${pack ? pack.name : settings.policy}${locked.includes('policy') ? ' (set by IT)' : ''}`
    : 'None chosen yet: open Options to choose your organisation.';
  $('handles').textContent = settings.officialHandles.join(', ') || 'None listed yet.';
  $('personal').textContent = settings.personalMode
    ? 'Checked too.'
    : 'Not checked: nothing you write from them is sent to the checker.';
  $('sent').textContent = `${st.sentWithWarnings || 0} (counted only on this computer)`;
}

$('options').addEventListener('click', () => api.runtime.openOptionsPage());
load();
