/**
 * Debian's rsyslogd as a relay in front of the collector, run the way a test can: in the foreground
 * (`-n`), with its own config file, pid file and work directory, no local socket (imuxsock is not
 * loaded) and only loopback ports, so it needs no privileges and touches nothing of the host's.
 *
 * Two paths, as appliances and hosts use it:
 * - syslog received over UDP (`udpPort`) is forwarded over TCP, RFC 5424 with octet-counted framing,
 *   through an in-memory action queue that retries for ever (a collector restart loses nothing);
 * - lines appended to `file` (imfile) are forwarded over UDP in the classic RFC 3164 form.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { killChild, stopChild } from '../helpers/child-exit.js';

export const RSYSLOGD = '/usr/sbin/rsyslogd';

export interface RsyslogOptions {
  dir: string;
  /** rsyslog listens here (UDP) and relays to the collector's TCP source. */
  udpPort: number;
  collectorTcpPort: number;
  /** rsyslog tails this file and relays its lines to the collector's UDP source. */
  file: string;
  collectorUdpPort: number;
}

export interface RunningRsyslog {
  logs(): string;
  stop(): Promise<number | null>;
  kill9(): Promise<void>;
}

export function rsyslogConfig(o: RsyslogOptions): string {
  return `global(workDirectory="${o.dir}")
module(load="imudp")
module(load="imfile")
input(type="imudp" address="127.0.0.1" port="${o.udpPort}" ruleset="to_collector_tcp")
input(type="imfile" file="${o.file}" tag="app:" ruleset="to_collector_udp" freshStartTail="off")
ruleset(name="to_collector_tcp") {
  action(type="omfwd" target="127.0.0.1" port="${o.collectorTcpPort}" protocol="tcp" TCP_Framing="octet-counted"
         template="RSYSLOG_SyslogProtocol23Format" queue.type="LinkedList" action.resumeRetryCount="-1" action.resumeInterval="1")
}
ruleset(name="to_collector_udp") {
  action(type="omfwd" target="127.0.0.1" port="${o.collectorUdpPort}" protocol="udp")
}
`;
}

export async function startRsyslog(options: RsyslogOptions): Promise<RunningRsyslog> {
  if (!existsSync(RSYSLOGD)) throw new Error(`${RSYSLOGD} is not installed: apt-get install rsyslog (.ci/run installs it)`);
  const configFile = path.join(options.dir, 'rsyslog.conf');
  await writeFile(configFile, rsyslogConfig(options));
  const child: ChildProcess = spawn(RSYSLOGD, ['-n', '-f', configFile, '-i', path.join(options.dir, 'rsyslogd.pid')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let running: ChildProcess | undefined = child;
  void exited.then(() => (running = undefined));
  return {
    logs: () => output,
    stop: () => stopChild(running, exited, 10_000),
    kill9: () => killChild(running, exited),
  };
}
