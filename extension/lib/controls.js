// controls.js: what the user and IT can switch off, in the worker: the
// allow lists (the user's own published numbers, emails, addresses and
// handles in options, IT's orgAllowList; the pack's own list is applied by
// the host, FORMAT.md `allow`), phrases the user said never to flag again
// (per rule, only where the pack allows it, kept on this computer), IT's
// locked rules, and the count of posts sent with warnings standing (kept
// on this computer only, never sent anywhere).
import { ext } from './ext.js';

/** How flagged words are compared with an allow-list entry: case, spaces,
 *  dots, dashes and brackets ignored, so "+44 20 7946 0000" = "+442079460000". */
export function allowKey(s) {
  return String(s || '').toLowerCase().replace(/[\s.()\-]/g, '').replace(/^@+/, '@');
}

/** A phone number's key: "+" and digits written internationally ("+44",
 *  "0044", "+44 (0)20" without the bracketed trunk 0), else its digits;
 *  null when s is not only digits and separators (7 to 15 digits). */
export function phoneKey(s) {
  let t = String(s || '').trim();
  if (!/^(\+|00)?[\d\s.()\/-]+$/.test(t)) return null;
  const intl = /^(\+|00)/.test(t);
  if (intl) t = t.replace(/^(\+|00)/, '').replace(/\(0\)/g, '');
  const d = t.replace(/\D/g, '');
  if (d.length < 7 || d.length > 15) return null;
  return intl ? `+${d}` : d;
}

/** Whether phone keys a and b are one number, as the host compares a
 *  pack's `allow.phones`: the same digits, or written nationally (trunk 0
 *  dropped) and internationally (after a country code of 1 to 3 digits). */
export function samePhone(a, b) {
  if (!a || !b) return false;
  if (a.replace('+', '') === b.replace('+', '')) return true;
  if (a.startsWith('+') === b.startsWith('+')) return false;
  const i = (a.startsWith('+') ? a : b).slice(1);
  const n = (a.startsWith('+') ? b : a).replace(/^0/, '');
  return n.length >= 6 && i.length > n.length && i.length - n.length <= 3 && i.endsWith(n);
}

/** Whether words (a finding's) are one of the allow list's entries. */
function allowed(allow, words) {
  if (allow.keys.has(allowKey(words))) return true;
  const p = phoneKey(words);
  return !!p && allow.phones.some((e) => samePhone(e, p));
}

/** Whether the pack lets the user ignore this finding's phrase: the host's
 *  `ignorable` (docs/PROTOCOL.md), or, from a host too old to send it,
 *  the same default (not for errors). */
export function packIgnorable(f) {
  return typeof f.ignorable === 'boolean' ? f.ignorable : f.severity !== 'error';
}

// Rules whose findings the pack said may not be ignored, from the replies
// seen since the worker started: "never for this phrase" is refused on them.
const notIgnorable = new Set();

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
  if (!rule || !w || notIgnorable.has(rule) ||
      (settings.lockedRules || []).some((l) => l === '*' || l === rule)) return false;
  const list = await ignoredPhrases();
  if (!list.some((e) => e.rule === rule && e.words === w)) list.push({ rule, words: w });
  await ext.localSet({ ignoredPhrases: list.slice(-500) });
  return true;
}

/**
 * Findings of a reply without those on allowed words or on a phrase the
 * user ignored for that rule (never a locked rule's, and only where the
 * pack allows ignoring it). Each kept finding gets `locked` when IT locked
 * its rule, and `ignorable` when the user may ignore its phrase: the pack
 * allows it (`ignorable` from the host; by default not for errors) and IT
 * did not lock the rule.
 */
export async function filterFindings(settings, text, findings) {
  const entries = [...(settings.orgAllowList || []), ...(settings.allowList || [])];
  const allow = { keys: new Set(entries.map(allowKey)), phones: entries.map(phoneKey).filter(Boolean) };
  const ignored = await ignoredPhrases();
  const out = [];
  for (const f of findings || []) {
    const locked = isLocked(settings, f);
    const byPack = packIgnorable(f);
    if (byPack) notIgnorable.delete(f.rule); else notIgnorable.add(f.rule);
    if (f.start !== undefined && f.end !== undefined) {
      const words = text.slice(f.start, f.end);
      const w = allowKey(words);
      if (!locked && w && allowed(allow, words)) continue;
      if (!locked && byPack && ignored.some((e) => e.rule === f.rule && e.words === w)) continue;
    }
    out.push({ ...f, locked, ignorable: !locked && byPack && f.start !== undefined });
  }
  return out;
}

/** Counts one post sent while warnings (or errors, posted anyway) stood. */
export async function countSentWithWarnings() {
  const { sentWithWarnings } = await ext.localGet({ sentWithWarnings: 0 });
  await ext.localSet({ sentWithWarnings: (Number(sentWithWarnings) || 0) + 1 });
}
