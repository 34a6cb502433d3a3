// wait.mjs: waiting for a condition instead of reading once or sleeping a
// fixed time. Under load (the project's CI shares 2 cores with builds) a
// state the extension writes a moment after a click may not be there yet
// when a test looks, and a sleep long enough on a quiet machine is too
// short on a busy one.

/**
 * Calls fn (async) until it returns a truthy value, and returns that value;
 * throws Error(`${what}: not within ${timeout} ms`) when the time is up
 * (what may be a function, called then, to say what was seen last).
 * Between calls it waits 10 ms, then twice as long each time up to every
 * ms, so a quick state is seen quickly and a slow one costs little.
 */
export async function until(fn, what, timeout = 3000, every = 100) {
  const t0 = Date.now();
  for (let gap = 10; ; gap = Math.min(every, gap * 2)) {
    const got = await fn();
    if (got) return got;
    const left = timeout - (Date.now() - t0);
    if (left <= 0) break;
    await new Promise((r) => setTimeout(r, Math.min(gap, left)));
  }
  throw new Error(`${typeof what === 'function' ? what() : what}: not within ${timeout} ms`);
}

/**
 * Waits, inside the extension's worker, until chrome.storage[area] holds
 * every key of want with the same JSON value (nested objects compared as
 * subsets: {sites: {x: false}} matches whatever the other sites are), by
 * its onChanged event rather than by reading it again and again. Resolves
 * with the stored values of want's keys; throws when timeout ms pass
 * first, saying what was stored instead.
 */
export async function storageUntil(sw, want, { area = 'sync', timeout = 3000, what = '' } = {}) {
  const r = await sw.evaluate(([area, want, timeout]) => new Promise((resolve) => {
    const api = globalThis.browser || globalThis.chrome;
    const keys = Object.keys(want);
    const fits = (w, v) => (w && typeof w === 'object' && !Array.isArray(w)
      ? !!v && typeof v === 'object' && Object.keys(w).every((k) => fits(w[k], v[k]))
      : JSON.stringify(w) === JSON.stringify(v));
    let done = false;
    const finish = (ok, got) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      api.storage.onChanged.removeListener(onChanged);
      resolve({ ok, got });
    };
    const look = () => api.storage[area].get(keys).then((got) => { if (fits(want, got)) finish(true, got); });
    const onChanged = (changes, name) => {
      if (name === area && keys.some((k) => k in changes)) look();
    };
    const timer = setTimeout(() => api.storage[area].get(keys).then((got) => finish(fits(want, got), got)),
      timeout);
    api.storage.onChanged.addListener(onChanged);
    look();
  }), [area, want, timeout]);
  if (!r.ok) {
    throw new Error(`${what || `storage.${area}`}: ${JSON.stringify(want)} not stored within ` +
      `${timeout} ms (stored: ${JSON.stringify(r.got)})`);
  }
  return r.got;
}
