// A deliberately small HTTP/1.1 load generator over `node:net`.
//
// Why not `node:http`: the load generator shares the 2 cores with the server, and node:http's client
// costs about as much CPU per request as the server's side does. Here a request is one pre-built
// header Buffer plus one pre-built body Buffer written to a keep-alive socket; the response is parsed
// just enough (status, Content-Length or chunked, Connection: close) to know where it ends.
// One request in flight per connection (no pipelining), like HEC shippers.
import { connect } from 'node:net';

const CRLFCRLF = Buffer.from('\r\n\r\n');

/** Pre-builds the header block of a POST; `body` length goes into Content-Length. */
export function postHead(path, headers, bodyLength) {
  let h = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\nContent-Length: ${bodyLength}\r\n`;
  for (const [k, v] of Object.entries(headers)) h += `${k}: ${v}\r\n`;
  return Buffer.from(h + '\r\n', 'latin1');
}

/** One keep-alive connection; `send` resolves with { status, body } (body as a latin1 string). */
export class Connection {
  constructor(port) {
    this.port = port;
    this.socket = undefined;
    this.pending = undefined; // { resolve, reject }
    this.buf = Buffer.alloc(0);
  }

  open() {
    return new Promise((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port: this.port, noDelay: true });
      s.once('connect', () => {
        s.off('error', reject);
        this.socket = s;
        s.on('data', (chunk) => this.onData(chunk));
        s.on('error', (err) => this.fail(err));
        s.on('close', () => this.fail(new Error('connection closed by the server')));
        resolve();
      });
      s.once('error', reject);
    });
  }

  async send(head, body) {
    if (!this.socket) await this.open();
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.cork();
      this.socket.write(head);
      this.socket.write(body);
      process.nextTick(() => this.socket?.uncork());
    });
  }

  fail(err) {
    this.socket?.destroy();
    this.socket = undefined;
    this.buf = Buffer.alloc(0);
    const p = this.pending;
    this.pending = undefined;
    p?.reject(err);
  }

  close() {
    const s = this.socket;
    this.socket = undefined;
    this.pending = undefined;
    s?.destroy();
  }

  onData(chunk) {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const headEnd = this.buf.indexOf(CRLFCRLF);
    if (headEnd < 0) return;
    const head = this.buf.toString('latin1', 0, headEnd).toLowerCase();
    const status = Number(head.slice(9, 12));
    const bodyStart = headEnd + 4;
    let bodyEnd;
    const cl = /\r\ncontent-length:\s*(\d+)/.exec(head);
    if (cl) {
      bodyEnd = bodyStart + Number(cl[1]);
      if (this.buf.length < bodyEnd) return;
    } else if (head.includes('transfer-encoding: chunked')) {
      const end = this.buf.indexOf('\r\n0\r\n\r\n', bodyStart - 2);
      if (end < 0) return;
      bodyEnd = end + 7;
    } else {
      bodyEnd = bodyStart; // no body (e.g. 204)
    }
    const body = this.buf.toString('latin1', bodyStart, bodyEnd);
    this.buf = this.buf.length > bodyEnd ? this.buf.subarray(bodyEnd) : Buffer.alloc(0);
    const p = this.pending;
    this.pending = undefined;
    if (head.includes('\r\nconnection: close')) this.close();
    p?.resolve({ status, body });
  }
}

/** The ack-latency target; slower requests are remembered by when they were sent. */
export const SLOW_MS = 100;

/** Latencies (ms) and outcome counters of one scenario. */
export class Recorder {
  constructor() {
    this.latencies = [];
    this.ok = 0;
    this.events = 0;
    this.bytes = 0;
    this.byStatus = {};
    this.errors = 0;
    this.firstError = undefined;
    this.worst = undefined;
    this.slow = []; // send times of requests slower than SLOW_MS: stalls or a broad slowdown?
    this.busy = []; // send times of requests answered 503 (store at capacity)
  }

  /** `startedAt`: performance.now() when the request was sent (or due), to place the worst one in time. */
  record(status, ms, events, bytes, startedAt) {
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
    if (ms > (this.worst?.ms ?? -1)) this.worst = { ms, startedAt };
    if (ms > SLOW_MS) this.slow.push(startedAt);
    if (status === 503) this.busy.push(startedAt);
    if (status === 200) {
      this.latencies.push(ms);
      this.ok++;
      this.events += events;
      this.bytes += bytes;
    }
  }

  error(err) {
    this.errors++;
    this.firstError ??= String(err?.message ?? err);
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Closed loop: `conns` connections each send the next request as soon as the previous answer
 * arrives, until `durationMs` has passed. `next()` returns { head, body, events }.
 * A 503 (store at capacity) is counted and the connection pauses `busyPauseMs` before going on.
 */
export async function closedLoop({ port, conns, durationMs, next, busyPauseMs = 100 }) {
  const rec = new Recorder();
  const t0 = performance.now();
  const deadline = t0 + durationMs;
  const pool = Array.from({ length: conns }, () => new Connection(port));
  await Promise.all(pool.map((c) => c.open()));
  const tStart = performance.now();
  await Promise.all(pool.map(async (c) => {
    while (performance.now() < deadline) {
      const r = next();
      const s = performance.now();
      try {
        const { status } = await c.send(r.head, r.body);
        rec.record(status, performance.now() - s, r.events, r.body.length, s);
        if (status === 503) await sleep(busyPauseMs);
      } catch (err) {
        rec.error(err);
        await sleep(50);
      }
    }
  }));
  rec.startedAt = tStart;
  rec.seconds = (performance.now() - tStart) / 1000;
  for (const c of pool) c.close();
  return rec;
}

/**
 * Open loop: requests are due at a fixed rate (`rps`) for `durationMs`, whatever the server does.
 * A due request waits for a free connection; its latency is measured from when it was due, so a
 * slow server cannot hide its stalls by slowing the generator (no coordinated omission).
 */
export async function openLoop({ port, conns, durationMs, rps, next }) {
  const rec = new Recorder();
  const pool = Array.from({ length: conns }, () => new Connection(port));
  await Promise.all(pool.map((c) => c.open()));
  const idle = [...pool];
  const queue = []; // due times of requests waiting for a connection
  const t0 = performance.now();
  const total = Math.floor((rps * durationMs) / 1000);
  let issued = 0;
  let inFlight = 0;
  let finish;
  const done = new Promise((r) => (finish = r));

  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) {
      const due = queue.shift();
      const c = idle.pop();
      const r = next();
      inFlight++;
      c.send(r.head, r.body).then(
        ({ status }) => rec.record(status, performance.now() - due, r.events, r.body.length, due),
        (err) => rec.error(err),
      ).finally(() => {
        inFlight--;
        idle.push(c);
        dispatch();
        if (issued >= total && inFlight === 0 && queue.length === 0) finish();
      });
    }
  };
  const tick = () => {
    const now = performance.now();
    while (issued < total && t0 + (issued * 1000) / rps <= now) queue.push(t0 + (issued++ * 1000) / rps);
    dispatch();
    if (issued < total) setTimeout(tick, 1);
    else if (inFlight === 0 && queue.length === 0) finish();
  };
  tick();
  await done;
  rec.startedAt = t0;
  rec.seconds = (performance.now() - t0) / 1000;
  for (const c of pool) c.close();
  return rec;
}

/** The p-th percentile (0..1) of an unsorted array of numbers; sorts it in place. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  if (!values.sorted) {
    values.sort((a, b) => a - b);
    values.sorted = true;
  }
  return values[Math.min(values.length - 1, Math.floor(values.length * p))];
}
