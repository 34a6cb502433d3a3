// cases.mjs: runs a test file's cases in turn and prints one line each, as
// every browser test here does: `PASS name (ms): note` or `FAIL name (ms):
// why`. A case is {name, fn}: fn resolves with a note or throws.
import { argOf } from './browser.mjs';

/** The case names given with `--only a,b` (none: every case). */
export function onlyNames() {
  return (argOf('--only') || '').split(',').filter(Boolean);
}

/** Runs cases (those named in only, if any) one after another; resolves
 *  with [{name, ok}] in order. Never throws for a failing case. */
export async function runCases(cases, only = onlyNames()) {
  const results = [];
  for (const c of cases) {
    if (only.length && !only.includes(c.name)) continue;
    const t0 = Date.now();
    try {
      const note = await c.fn();
      results.push({ name: c.name, ok: true });
      console.log(`PASS ${c.name} (${Date.now() - t0} ms): ${note}`);
    } catch (e) {
      results.push({ name: c.name, ok: false });
      console.log(`FAIL ${c.name} (${Date.now() - t0} ms): ${e.message}`);
    }
  }
  return results;
}
