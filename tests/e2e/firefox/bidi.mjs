// bidi.mjs: just enough WebDriver BiDi to drive a headless Firefox ESR:
// start it, open a session, install a temporary add-on, navigate, run
// script, type. No Marionette, no geckodriver.
import { spawn } from 'node:child_process';
import WebSocket from 'ws';

// Starts Firefox with a fresh profile and the given environment (HOME
// decides where it reads native messaging manifests). Resolves to
// { proc, url } once it prints its BiDi address.
export function launchFirefox({ binary, profile, env, timeoutMs = 30000 }) {
  return new Promise((resolve, reject) => {
    const proc = spawn(binary, ['-headless', '-no-remote', '-profile', profile,
      '--remote-debugging-port=0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`Firefox printed no BiDi address in ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    const onData = (chunk) => {
      log += chunk;
      const m = /WebDriver BiDi listening on (ws:\/\/[^\s]+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1], log: () => log });
      }
    };
    proc.stderr.on('data', onData);
    proc.stdout.on('data', onData);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Firefox exited (${code}) before BiDi started:\n${log}`));
    });
  });
}

// A BiDi connection: send(method, params) resolves to the result or
// rejects with the error; events go to on(name, fn).
export class Bidi {
  static async connect(url) {
    const ws = new WebSocket(`${url}/session`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return new Bidi(ws);
  }

  constructor(ws) {
    this.ws = ws;
    this.next = 1;
    this.pending = new Map();
    this.listeners = new Map();
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString());
      if (msg.id && this.pending.has(msg.id)) {
        const { resolve, reject } = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.type === 'error') {
          reject(new Error(`${msg.error}: ${msg.message}`));
        } else {
          resolve(msg.result);
        }
      } else if (msg.type === 'event') {
        for (const fn of this.listeners.get(msg.method) || []) fn(msg.params);
      }
    });
  }

  send(method, params = {}) {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  on(method, fn) {
    if (!this.listeners.has(method)) this.listeners.set(method, []);
    this.listeners.get(method).push(fn);
  }

  // Evaluates an expression (awaiting promises) in a browsing context and
  // returns its value as JSON (the expression should produce a string).
  async evaluate(context, expression) {
    const r = await this.send('script.evaluate', {
      expression, target: { context }, awaitPromise: true,
    });
    if (r.type === 'exception') {
      throw new Error(`script error: ${r.exceptionDetails.text}`);
    }
    return r.result.value;
  }

  // Types text with real key events into whatever has focus.
  async type(context, text) {
    const actions = [];
    for (const ch of text) {
      actions.push({ type: 'keyDown', value: ch }, { type: 'keyUp', value: ch });
    }
    await this.send('input.performActions', {
      context, actions: [{ type: 'key', id: 'keyboard', actions }],
    });
  }

  // Clicks the middle of the first element matching selector, with real
  // pointer events (gives it keyboard focus like a user's click).
  async click(context, selector) {
    const box = JSON.parse(await this.evaluate(context, `(() => {
      const el = document.querySelector(${JSON.stringify(selector)});
      if (!el) return 'null';
      el.scrollIntoView({ block: 'center' });
      const r = el.getBoundingClientRect();
      return JSON.stringify({ x: Math.round(r.left + Math.min(r.width / 2, 20)),
                              y: Math.round(r.top + r.height / 2) });
    })()`));
    if (!box) return false;
    await this.send('input.performActions', {
      context,
      actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [
        { type: 'pointerMove', x: box.x, y: box.y },
        { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }] }],
    });
    return true;
  }

  close() {
    this.ws.close();
  }
}
