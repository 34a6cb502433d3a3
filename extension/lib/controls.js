// controls.js: what the user and IT can switch off, in the worker: the
// allow lists (the organisation's and the user's own published numbers,
// emails, addresses and handles are never flagged), phrases the user said
// never to flag again (per rule, kept on this computer), IT's locked rules,
// and the count of posts sent with warnings standing (kept on this
// computer only, never sent anywhere).
import { ext } from './ext.js';

/** How flagged words are compared with an allow-list entry: case, spaces,
 *  dots, dashes and brackets ignored, so "+44 20 7946 0000" = "+442079460000". */
export function allowKey(s) {
  return String(s || '').toLowerCase().replace(/[\s.()\-]/g, '').replace(/^@+/, '@');
}

/** True when IT locked this finding's rule (by id or by category). */
export function isLocked(settings, f) {
  const l = settings.lockedRules || [];
  return l.includes('*') || l.includes(f.rule) || l.includes(f.category);
}

/** The user's "never for this phrase" list: [{rule, words}]. */
export async function ignoredPhrases() {
  return (await ext.localGet({ ignoredPhrases: [] })).ignoredPhrases || [];
}

export async function ignorePhrase(settings, rule, words) {
  const w = allowKey(words);
  if (!rule || !w || (settings.lockedRules || []).some((l) => l === '*' || l === rule)) return false;
  const list = await ignoredPhrases();
  if (!list.some((e) => e.rule === rule && e.words === w)) list.push({ rule, words: w });
  await ext.localSet({ ignoredPhrases: list.slice(-500) });
  return true;
}

/**
 * Findings of a reply without those on allowed words or on a phrase the
 * user ignored for that rule (never a locked rule's). Each kept finding
 * gets `locked` when IT locked its rule, and `ignorable` when the user may
 * ignore its phrase (not errors, not locked).
 */
export async function filterFindings(settings, text, findings) {
  const allow = new Set([...(settings.orgAllowList || []), ...(settings.allowList || [])].map(allowKey));
  const ignored = await ignoredPhrases();
  const out = [];
  for (const f of findings || []) {
    const locked = isLocked(settings, f);
    if (f.start !== undefined && f.end !== undefined) {
      const w = allowKey(text.slice(f.start, f.end));
      if (!locked && w && allow.has(w)) continue;
      if (!locked && ignored.some((e) => e.rule === f.rule && e.words === w)) continue;
    }
    out.push({ ...f, locked, ignorable: !locked && f.severity !== 'error' && f.start !== undefined });
  }
  return out;
}

/** Counts one post sent while warnings (or errors, posted anyway) stood. */
export async function countSentWithWarnings() {
  const { sentWithWarnings } = await ext.localGet({ sentWithWarnings: 0 });
  await ext.localSet({ sentWithWarnings: (Number(sentWithWarnings) || 0) + 1 });
}
