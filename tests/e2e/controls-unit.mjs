#!/usr/bin/env node
// controls-unit.mjs: the worker's filter of findings (extension/lib/
// controls.js) in Node, for what a browser test cannot set up here: IT's
// locked rules and allow list (browser managed storage needs a system
// policy file). Storage is absent in Node: no phrase is ignored.
import { filterFindings, allowKey, isLocked, phoneKey, samePhone } from '../../extension/lib/controls.js';

let failed = 0;
const check = (cond, what) => {
  console.log(`${cond ? 'PASS' : 'FAIL'} ${what}`);
  if (!cond) failed++;
};
const text = 'Call 020 7946 0000 or office@llmat.example.org. LLMAT rocks';
const f = (rule, category, severity, words) => {
  const start = text.indexOf(words);
  return { rule, category, severity, start, end: start + words.length, message: 'm' };
};
const findings = [
  f('llmat.personal-data', 'personal-data', 'error', '020 7946 0000'),
  f('llmat.personal-data', 'personal-data', 'error', 'office@llmat.example.org'),
  f('llmat.disclaimer', 'disclaimer', 'warning', 'LLMAT'),
];

check(allowKey('+44 (20) 7946-0000') === '+442079460000' && allowKey('@@LLMAT') === '@llmat', 'allowKey');
let out = await filterFindings({ allowList: ['020-7946-0000'], orgAllowList: ['Office@LLMAT.example.org'],
  lockedRules: [] }, text, findings);
check(out.length === 1 && out[0].rule === 'llmat.disclaimer', 'the user\'s and IT\'s allow lists drop their words');
check(out[0].ignorable === true && out[0].locked === false, 'a warning may be ignored');
out = await filterFindings({ allowList: ['020 7946 0000'], orgAllowList: [], lockedRules: ['personal-data'] },
  text, findings);
check(out.length === 3, 'a locked category is flagged even on allowed words');
check(out.every((x) => x.ignorable === (x.rule === 'llmat.disclaimer')), 'errors and locked rules are not ignorable');
check(out.filter((x) => x.locked).length === 2 && isLocked({ lockedRules: ['*'] }, findings[2]),
  'locked by category, and "*" locks all');
out = await filterFindings({ lockedRules: ['llmat.disclaimer'] }, text, findings);
check(out[2].locked && !out[2].ignorable, 'a rule locked by id cannot be ignored or dismissed');
// The user's own numbers compare as the host compares a pack's: one number
// in any layout, national or international; never another number.
check(samePhone(phoneKey('+44 (0)20 7946 0000'), phoneKey('020 7946-0000')) &&
  samePhone(phoneKey('0044 20 7946 0000'), phoneKey('+44 20 7946 0000')) &&
  !samePhone(phoneKey('+44 20 7946 0000'), phoneKey('020 7946 0001')) &&
  !samePhone(phoneKey('+44 20 7946 0000'), phoneKey('0161 7946 0000')) && phoneKey('call me') === null,
'phone numbers compared by number, not layout');
out = await filterFindings({ allowList: ['+44 20 7946 0000'], lockedRules: [] }, text, findings);
check(out.length === 2 && !out.some((x) => x.start === findings[0].start), 'an international entry covers the national form');
// The pack's `ignorable` from the host wins over the default by severity;
// IT's locks win over both.
const fromHost = [{ ...findings[2], ignorable: false }, { ...findings[0], ignorable: true }];
out = await filterFindings({ lockedRules: [] }, text, fromHost);
check(!out[0].ignorable && out[1].ignorable, 'the pack decides: a warning it forbids, an error it allows');
out = await filterFindings({ lockedRules: ['personal-data'] }, text, fromHost);
check(!out[1].ignorable && out[1].locked, 'IT\'s lock wins over the pack\'s ignorable');
console.log(`controls-unit: ${11 - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
