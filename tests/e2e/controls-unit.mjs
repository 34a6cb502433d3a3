#!/usr/bin/env node
// controls-unit.mjs: the worker's filter of findings (extension/lib/
// controls.js) in Node, for what a browser test cannot set up here: IT's
// locked rules and allow list (browser managed storage needs a system
// policy file). Storage is absent in Node: no phrase is ignored.
import { filterFindings, allowKey, isLocked } from '../../extension/lib/controls.js';

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
console.log(`controls-unit: ${7 - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
