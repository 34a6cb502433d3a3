// pages.js: the finding pages the panel opens. clause.html shows the
// clause in the policy's own words (the pack's quote) with the pack's name;
// report.html drafts a "this is wrong" message for the pack's owner with
// the rule id, category and flagged words only (the content script sends
// nothing else), to copy or mail. The finding arrives in the URL's hash.
const api = globalThis.browser || globalThis.chrome;
const M = globalThis.PostcheckMessages;
const $ = (id) => document.getElementById(id);
let f = {};
try { f = JSON.parse(decodeURIComponent(location.hash.slice(1))); } catch { /* empty page */ }

async function packName() {
  try {
    const st = await api.runtime.sendMessage({ type: M.UI_BG_STATUS });
    const p = (st.host.policies || []).find((x) => x.id === f.policy);
    return p ? `${p.name}${p.organisation ? ` (${p.organisation})` : ''}, version ${p.version || '?'}` : f.policy;
  } catch {
    return f.policy || '';
  }
}

if ($('quote')) {
  $('clause').textContent = f.clause || 'Clause';
  $('quote').textContent = f.quote || '';
  $('message').textContent = f.message || '';
  if (f.words) $('words').textContent = `postcheck flagged: “${f.words}” (rule ${f.rule}).`;
  packName().then((n) => { $('pack').textContent = n ? `From ${n}.` : ''; });
  $('report').href = `report.html${location.hash}`;
}

if ($('body')) {
  packName().then((n) => {
    const lines = [
      'Hello,', '',
      'postcheck flagged something in a post I was writing, and I think the finding is wrong.', '',
      `Policy pack: ${n || f.policy || ''}`,
      `Rule: ${f.rule || ''}`,
      `Category: ${f.category || ''}${f.severity ? ` (${f.severity})` : ''}`,
      `Clause: ${f.clause || ''}`,
      `Words flagged: ${f.words ? `“${f.words}”` : '(the whole post or an attachment)'}`, '',
      'Why I think it is wrong: ', '',
    ];
    $('body').value = lines.join('\n');
    const update = () => {
      $('mail').href = `mailto:?subject=${encodeURIComponent(`postcheck: ${f.rule || 'a finding'} seems wrong`)}` +
        `&body=${encodeURIComponent($('body').value)}`;
    };
    update();
    $('body').addEventListener('input', update);
  });
  $('copy').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText($('body').value);
      $('copied').textContent = 'Copied.';
    } catch {
      $('body').select();
      $('copied').textContent = 'Select all and copy (Ctrl+C).';
    }
  });
}
