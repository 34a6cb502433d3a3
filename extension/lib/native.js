// native.js: the one connection to the postcheck host, and the only caller
// of connectNative. One port, opened on demand, starts with a `hello`
// handshake that checks the protocol version; every request carries an id
// and its reply is matched by that id. When the host exits, pending requests
// fail and the next request reconnects, no sooner than a backoff delay that
// doubles (250 ms up to 30 s) and resets after a good handshake. The state
// is kept in plain words for the popup and options page. Each port is a new
// host process, named by `run` (unique in this worker's life and across its
// restarts): what the host keeps between checks (the thumbnails it has
// looked at) belongs to one run.
import { ext } from './ext.js';

export const PROTOCOL = 1;
export const REQUEST_TIMEOUT_MS = 5000;
// A check carrying an image's pixels may wait for the vision helper, which
// the host itself gives up on after 20 s (HELPER_TIMEOUT_MS, host/vision.c)
// and then answers without it: ending the host sooner would throw away the
// helper's work and start it again, again and again on a loaded machine.
export const PIXELS_TIMEOUT_MS = 25000;
// Runs are named `${BOOT}.${n}`: a worker started again counts from 1 anew.
const BOOT = Math.random().toString(36).slice(2, 10);
let runs = 0;
// A composer taking the focus says hello again no more often than this.
const REHELLO_MS = 10000;
const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 30000;

/** Turns the browser's native-messaging error into plain words. */
export function explainHostError(raw, hostName) {
  const m = String(raw || '');
  if (/not found/i.test(m)) {
    return {
      code: 'not-installed',
      text: 'postcheck is not installed on this computer (or not registered for this ' +
        'browser): install it, then run `postcheck install`. A Snap or Flatpak browser ' +
        'cannot start it: use your distribution\'s browser package.',
    };
  }
  if (/forbidden/i.test(m)) {
    return {
      code: 'forbidden',
      text: 'postcheck is installed but not registered for this extension: run ' +
        '`postcheck install` again.',
    };
  }
  if (/exited/i.test(m)) {
    return { code: 'exited', text: 'postcheck stopped unexpectedly; trying again shortly.' };
  }
  if (m === 'timeout') {
    return { code: 'timeout', text: 'postcheck did not answer in time; it is being restarted.' };
  }
  if (/failed to start/i.test(m)) {
    return {
      code: 'failed-to-start',
      text: `postcheck could not be started (${m}): run \`postcheck install\` again.`,
    };
  }
  return { code: 'error', text: `postcheck cannot be reached: ${m || 'unknown error'}.` };
}

export class NativeHost {
  /**
   * hostName: the native messaging name. onState(state) is called whenever
   * the state changes; state = {code, text, version, policies}.
   * getPolicy() names the pack the user has chosen (or nothing): hello
   * passes it on, so the host prepares that pack while it is idle and the
   * first check is as fast as the rest. images: the hello also says images
   * may come (a tab's host, started when a composer takes the focus), so
   * the host gets its vision helper ready for that pack before the first
   * photo (docs/EXTENSION.md); the popup's host does not say it.
   */
  constructor(hostName, onState = () => {}, getPolicy = async () => undefined, images = false) {
    this.hostName = hostName;
    this.onState = onState;
    this.getPolicy = getPolicy;
    this.images = images;
    this.port = null;
    this.ready = null;          // promise of the hello reply for this port
    this.nextId = 1;
    this.pending = new Map();   // id -> {resolve, reject, timer}
    this.backoff = 0;
    this.notBefore = 0;         // no reconnect before this time (ms)
    this.state = { code: 'idle', text: 'postcheck has not been contacted yet.' };
    this.hello = null;
    this.helloAt = 0;           // when the last hello went (ms)
    this.run = '';              // the open port's run ('' when none is open)
  }

  setState(state) {
    this.state = state;
    this.onState(state);
  }

  /** Sends msg (without id) and resolves with the host's reply; ends the
   *  host when it has not answered within timeoutMs. */
  async request(msg, timeoutMs = REQUEST_TIMEOUT_MS) {
    return (await this.requestRun(msg, timeoutMs)).reply;
  }

  /** As request, and says which run answered: {reply, run}. */
  async requestRun(msg, timeoutMs = REQUEST_TIMEOUT_MS) {
    await this.connect();
    const run = this.run;
    return { reply: await this.send(msg, timeoutMs), run };
  }

  /** Resolves with the hello reply once the port is open and agrees. */
  async connect() {
    if (this.ready) return this.ready;
    const wait = this.notBefore - Date.now();
    this.ready = (async () => {
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const greeting = { type: 'hello', protocol: PROTOCOL };
      try {
        const policy = await this.getPolicy();
        if (typeof policy === 'string' && policy) {
          greeting.policy = policy;
          if (this.images) greeting.images = true;
        }
      } catch { /* no hint: the host prepares packs as they are asked for */ }
      this.open();
      const hello = await this.send(greeting);
      if (hello.type !== 'hello' || hello.protocol !== PROTOCOL) {
        const theirs = hello.protocol === undefined ? 'an unknown protocol' : `protocol ${hello.protocol}`;
        const err = new Error(`postcheck on this computer speaks ${theirs}; this extension ` +
          `needs protocol ${PROTOCOL}: update ${hello.protocol > PROTOCOL ? 'the extension' : 'postcheck'}.`);
        err.code = 'protocol';
        throw err;
      }
      this.backoff = 0;
      this.hello = hello;
      this.helloAt = Date.now();
      const policies = await this.policyList(hello.policies);
      this.setState({
        code: 'ready',
        text: `postcheck ${hello.version || ''} is running.`.replace('  ', ' '),
        version: hello.version,
        policies,
      });
      return hello;
    })();
    this.ready.catch((e) => this.fail(e));
    return this.ready;
  }

  /** Says hello again on an open port, at most once every REHELLO_MS
   *  (a composer took the focus): a host whose vision helper stopped
   *  while idle (docs/VISION.md) starts it again and hands it the
   *  pack's logos before the photo comes; one whose helper runs answers
   *  at once. Nothing when no port is open (connect() says hello). */
  async rehello() {
    if (!this.port || !this.hello || !this.images || Date.now() - this.helloAt < REHELLO_MS) return;
    this.helloAt = Date.now();
    const greeting = { type: 'hello', protocol: PROTOCOL };
    try {
      const policy = await this.getPolicy();
      if (typeof policy !== 'string' || !policy) return;
      greeting.policy = policy;
      greeting.images = true;
      await this.send(greeting);
    } catch { /* the next check says what is wrong */ }
  }

  /** The packs with their names ({id, name, organisation, ...}). */
  async policyList(fromHello) {
    try {
      const reply = await this.send({ type: 'policies' });
      if (reply.type === 'policies' && Array.isArray(reply.policies)) return reply.policies;
    } catch { /* fall back to hello's list */ }
    return (fromHello || []).map((p) => (typeof p === 'string' ? { id: p, name: p } : p));
  }

  open() {
    const port = ext.connectNative(this.hostName);
    this.port = port;
    this.run = `${BOOT}.${++runs}`;
    port.onMessage.addListener((msg) => this.receive(port, msg));
    port.onDisconnect.addListener((p) => {
      // Chrome reports the reason in runtime.lastError, Firefox in port.error.
      const raw = ext.lastError() || (p && p.error && p.error.message) || 'Native host has exited.';
      if (this.port !== port) return;
      this.port = null;
      this.fail(Object.assign(new Error(raw), { raw }));
    });
  }

  /** Posts msg with a new id; the reply is awaited for timeoutMs after
   *  the host has answered what was sent before it (it answers in order),
   *  so a check queued behind a slow image is not taken for a hung host. */
  send(msg, timeoutMs = REQUEST_TIMEOUT_MS) {
    const port = this.port;
    if (!port) return Promise.reject(new Error('Native host has exited.'));
    const id = this.nextId++;
    let ahead = Date.now();
    for (const p of this.pending.values()) ahead = Math.max(ahead, p.deadline);
    const deadline = ahead + timeoutMs;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // A host that does not answer is stuck: end it (the next request
        // starts a new one) rather than queue every later request behind.
        this.pending.delete(id);
        const err = new Error('postcheck did not answer in time.');
        reject(err);
        if (this.port === port) this.fail(Object.assign(err, { raw: 'timeout' }));
      }, deadline - Date.now());
      this.pending.set(id, { resolve, reject, timer, deadline });
      try {
        port.postMessage({ ...msg, id });
      } catch (e) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(e);
      }
    });
  }

  receive(port, msg) {
    if (port !== this.port || !msg || typeof msg !== 'object') return;
    const p = this.pending.get(msg.id);
    if (!p) return; // a reply nobody waits for any more (timed out): dropped
    this.pending.delete(msg.id);
    clearTimeout(p.timer);
    p.resolve(msg);
  }

  /** Ends the port after an error; schedules the next attempt's delay. */
  fail(err) {
    const port = this.port;
    this.port = null;
    this.ready = null;
    this.hello = null;
    if (port) {
      try { port.disconnect(); } catch { /* already gone */ }
    }
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
    this.backoff = Math.min(BACKOFF_MAX_MS, this.backoff ? this.backoff * 2 : BACKOFF_MIN_MS);
    this.notBefore = Date.now() + this.backoff;
    const state = err.code === 'protocol'
      ? { code: 'too-old', text: err.message }
      : explainHostError(err.raw || err.message, this.hostName);
    this.setState({ ...state, retryInMs: this.backoff });
  }

  /** Forgets the backoff (the user pressed "try again"). */
  retryNow() {
    this.backoff = 0;
    this.notBefore = 0;
  }

  /** Ends the port (the host exits) without counting it as a failure. */
  close() {
    const port = this.port;
    this.port = null;
    this.ready = null;
    if (port) {
      try { port.disconnect(); } catch { /* already gone */ }
    }
    const err = new Error('postcheck was closed for this tab.');
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
  }

  get busy() {
    return this.pending.size > 0;
  }
}

/**
 * One host (one port, one process) per key: per tab for checks, one more
 * for the popup and options page. A tab whose requests are slow, refused or
 * crash its host delays and restarts only its own host, never another
 * tab's. At most `max` are open; past that the one used longest ago (and
 * idle, if any is) is closed. Each keeps its own backoff.
 */
export class HostPool {
  constructor(hostName, getPolicy, max = 8) {
    this.hostName = hostName;
    this.getPolicy = getPolicy;
    this.max = max;
    this.hosts = new Map(); // key -> NativeHost, oldest use first
  }

  get(key) {
    let h = this.hosts.get(key);
    if (h) {
      this.hosts.delete(key); // to the end: used most recently
    } else {
      if (this.hosts.size >= this.max) this.evict();
      // A tab's host checks drafts, whose photos it should be ready for.
      h = new NativeHost(this.hostName, () => {}, this.getPolicy, key.startsWith('tab:'));
    }
    this.hosts.set(key, h);
    return h;
  }

  evict() {
    let victim = null;
    for (const [k, h] of this.hosts) {
      if (!h.busy) { victim = k; break; }
    }
    if (victim === null) victim = this.hosts.keys().next().value;
    this.drop(victim);
  }

  drop(key) {
    const h = this.hosts.get(key);
    if (!h) return;
    this.hosts.delete(key);
    h.close();
  }

  /** How many hosts are open (ports connected). */
  get open() {
    let n = 0;
    for (const h of this.hosts.values()) if (h.port) n++;
    return n;
  }
}
