// host.mjs: a `postcheck serve` child process spoken to in
// native-messaging frames (a 4-byte little-endian length, then JSON), as
// the browser speaks to it. Shared by the benchmark scripts.
import { spawn } from 'node:child_process';

// A `postcheck serve` child spoken to in native-messaging frames.
export class Host {
  constructor(path) {
    this.proc = spawn(path, ['serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.buf = Buffer.alloc(0);
    this.waiting = [];
    this.proc.stdout.on('data', (d) => this.onData(d));
  }

  onData(d) {
    this.buf = Buffer.concat([this.buf, d]);
    while (this.buf.length >= 4) {
      const n = this.buf.readUInt32LE(0);
      if (this.buf.length < 4 + n) break;
      const msg = JSON.parse(this.buf.subarray(4, 4 + n).toString('utf8'));
      this.buf = this.buf.subarray(4 + n);
      this.waiting.shift()(msg);
    }
  }

  ask(msg) {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    const head = Buffer.alloc(4);
    head.writeUInt32LE(body.length, 0);
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.proc.stdin.write(Buffer.concat([head, body]));
    });
  }

  close() { this.proc.stdin.end(); }
}
