/**
 * What the collector's source and sink suites share: a SourceOutput that keeps what a source
 * emits (in place of a sink's queue), a logger that keeps its lines, a poll-until helper, and a
 * small PKI made with the openssl CLI (a CA, a server certificate for 127.0.0.1/localhost/
 * hecate.test, a client certificate signed by the CA and one that is not), and a fake journalctl.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CollectEvent, SourceOutput } from '../../packages/collector/src/event.js';
import { createLogger } from '../../packages/collector/src/logger.js';
import type { Logger } from '../../packages/collector/src/logger.js';

export { freePort } from '../helpers/server.js';

export interface CapturedOutput extends SourceOutput {
  readonly events: CollectEvent[];
  readonly drops: Record<string, number>;
  /** How many emit calls there were (a streamed reader emits in several batches). */
  batches: number;
}

export function captureOutput(): CapturedOutput {
  const events: CollectEvent[] = [];
  const drops: Record<string, number> = {};
  const output: CapturedOutput = {
    events,
    drops,
    batches: 0,
    emit: async (batch) => {
      output.batches++;
      events.push(...batch);
    },
    blocked: () => false,
    room: async () => {},
    dropped: (reason, count) => {
      drops[reason] = (drops[reason] ?? 0) + count;
    },
  };
  return output;
}

export interface CapturedLog {
  log: Logger;
  lines: Array<{ level: string; msg: string; [key: string]: unknown }>;
  text(): string;
}

export function captureLog(): CapturedLog {
  const lines: CapturedLog['lines'] = [];
  const log = createLogger('debug', {}, (line) => {
    lines.push(JSON.parse(line) as CapturedLog['lines'][number]);
  });
  return { log, lines, text: () => lines.map((line) => JSON.stringify(line)).join('\n') };
}

/** Polls until check() is true; throws with the description after timeoutMs. */
export async function waitFor(description: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface TestPki {
  dir: string;
  caFile: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A self-signed client certificate no CA vouches for. */
  strangerCert: string;
  strangerKey: string;
  read(file: string): Buffer;
  /** `sha-256:AB:CD:…` of a certificate file, as the LogScale Collector writes fingerprints. */
  fingerprint256(certFile: string): string;
}

function openssl(args: string[], cwd: string): string {
  try {
    return execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf8');
  } catch (error) {
    throw new Error(`the TLS tests need the openssl CLI (apt-get install -y openssl): ${(error as Error).message}`);
  }
}

export function makeTestPki(): TestPki {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'collector-pki-'));
  const file = (name: string): string => path.join(dir, name);
  const selfSigned = (name: string, cn: string, ext: string[]): void => {
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${cn}`, ...ext, '-keyout', file(`${name}.key`), '-out', file(`${name}.pem`)], dir);
  };
  selfSigned('ca', 'collector test CA', ['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  const signed = (name: string, cn: string, extensions: string): void => {
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${cn}`, '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`)], dir);
    writeFileSync(file(`${name}.ext`), extensions);
    openssl(['x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', file(`${name}.ext`), '-out', file(`${name}.pem`)], dir);
  };
  signed('server', '127.0.0.1', 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:hecate.test\nextendedKeyUsage=serverAuth\n');
  signed('client', 'appliance-1', 'extendedKeyUsage=clientAuth\n');
  selfSigned('stranger', 'stranger', []);
  return {
    dir,
    caFile: file('ca.pem'),
    serverCert: file('server.pem'),
    serverKey: file('server.key'),
    clientCert: file('client.pem'),
    clientKey: file('client.key'),
    strangerCert: file('stranger.pem'),
    strangerKey: file('stranger.key'),
    read: (name) => readFileSync(name),
    fingerprint256: (certFile) => {
      const out = openssl(['x509', '-noout', '-fingerprint', '-sha256', '-in', certFile], dir);
      return `sha-256:${out.trim().split('=')[1] ?? ''}`;
    },
  };
}

/**
 * A stand-in for `journalctl -o json`, for hosts whose journal is empty: it prints the JSON lines of
 * $FAKE_JOURNAL as journalctl would, honours --after-cursor, --unit and --follow (it then watches
 * the file for new lines), appends its arguments to $FAKE_JOURNAL_ARGS, writes $FAKE_JOURNAL_STDERR
 * on stderr and, with $FAKE_JOURNAL_FOLLOW_EXIT, exits with that code instead of following.
 */
const FAKE_JOURNALCTL = `#!${process.execPath}
const fs = require('node:fs');
const args = process.argv.slice(2);
fs.appendFileSync(process.env.FAKE_JOURNAL_ARGS, JSON.stringify(args) + '\\n');
const after = (args.find((a) => a.startsWith('--after-cursor=')) || '').slice('--after-cursor='.length);
const units = args.filter((a) => a.startsWith('--unit=')).map((a) => a.slice('--unit='.length));
let passed = after === '';
let printed = 0;
// The collector runs this in a process group of its own; a test that kills the collector with
// SIGKILL orphans it, and with nothing new to print it would follow forever: leave with the parent.
const parent = process.ppid;
function pump() {
  if (process.ppid !== parent) process.exit(0);
  const lines = fs.readFileSync(process.env.FAKE_JOURNAL, 'utf8').split('\\n').filter(Boolean);
  for (; printed < lines.length; printed++) {
    const line = lines[printed];
    let entry = {};
    try { entry = JSON.parse(line); } catch {}
    if (!passed) { passed = entry.__CURSOR === after; continue; }
    if (units.length > 0 && !units.includes(entry._SYSTEMD_UNIT)) continue;
    process.stdout.write(line + '\\n');
  }
}
pump();
if (process.env.FAKE_JOURNAL_STDERR) process.stderr.write(process.env.FAKE_JOURNAL_STDERR + '\\n');
if (!args.includes('--follow')) process.exit(0);
if (process.env.FAKE_JOURNAL_FOLLOW_EXIT) process.exit(Number(process.env.FAKE_JOURNAL_FOLLOW_EXIT));
setInterval(pump, 50);
`;

/** Writes the fake journalctl into dir (put dir first on PATH). */
export function installFakeJournalctl(dir: string): void {
  writeFileSync(path.join(dir, 'journalctl'), FAKE_JOURNALCTL);
  chmodSync(path.join(dir, 'journalctl'), 0o755);
}
