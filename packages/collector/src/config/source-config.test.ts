import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

const SINK = 'sinks:\n  s: {type: hec, token: t, url: "http://127.0.0.1:8088"}\n';

function issues(text: string): string[] {
  try {
    loadConfig(text, {});
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  return [];
}

function source(yaml: string): unknown {
  return loadConfig(`sources:\n  x: ${yaml}\n${SINK}`, {}).sources.x;
}

describe('syslog_tls, cmd and journald configs', () => {
  it('fill the LogScale Collector defaults', () => {
    expect(source('{type: syslog_tls, certificateFile: c.pem, keyFile: k.pem, sink: s}')).toMatchObject({
      port: 6514,
      bind: '0.0.0.0',
      maxEventSize: 2048,
      clientAuthentication: { type: 'none' },
      tls: { minVersion: '1_2', maxVersion: '1_3' },
    });
    expect(source('{type: cmd, cmd: uptime, sink: s}')).toEqual({ type: 'cmd', sink: 's', transforms: [], cmd: 'uptime', args: [], mode: 'streaming', outputMode: 'streaming' });
    expect(source('{type: journald, sink: s}')).toEqual({ type: 'journald', sink: 's', transforms: [], includeUnits: [], excludeUnits: [], currentBootOnly: false });
  });

  it('accept the LogScale Collector documentation examples', () => {
    expect(
      source(`
    type: syslog_tls
    certificateFile: cert.pem
    keyFile: privkey.pem
    maxEventSize: 1048576
    receiveBufferSize: 16777216
    strict: false
    port: 6514
    bind: "127.0.0.1"
    clientAuthentication:
      type: fingerprint
      fingerprints:
        - sha-1:bf:88:e7:9e:58:04:d6:85:e6:06:2e:e0:de:d1:3c:44:cd:33:b6:ba
        - sha-256:89:83:8E:56:61:EC:D4:BF:ED:DA:88:2B:A4:8A:27:25:EF:B5:39:F9:5E:59:2D:CA:38:AC:51:8D:C6:7C:D9:59
    tls:
      minVersion: 1_2
      maxVersion: 1_3
      ciphers: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384]
    sink: s`),
    ).toMatchObject({ clientAuthentication: { type: 'fingerprint' }, tls: { ciphers: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384'] } });
    expect(source('{type: cmd, cmd: ls, mode: scheduled, args: [-l, -h], workingDir: /tmp, interval: 60, outputMode: consolidateOutput, environment: {CONFIGURED_ENV1: v1}, sink: s}')).toMatchObject({
      mode: 'scheduled',
      interval: 60,
      environment: { CONFIGURED_ENV1: 'v1' },
    });
    expect(source('{type: journald, directory: /var/log/journal, includeUnits: [systemd-modules-load.service], excludeUnits: [cron], currentBootOnly: true, sink: s}')).toMatchObject({
      includeUnits: ['systemd-modules-load.service'],
      excludeUnits: ['cron'],
    });
  });

  it.each([
    ['a syslog_tls source without its key', '{type: syslog_tls, certificateFile: c.pem, sink: s}', 'sources.x.keyFile: is required'],
    ['client CA authentication without the CA', '{type: syslog_tls, certificateFile: c, keyFile: k, clientAuthentication: {type: ca}, sink: s}', 'sources.x.clientAuthentication.caFile: is required with type: ca'],
    ['a CA file with no client authentication', '{type: syslog_tls, certificateFile: c, keyFile: k, clientAuthentication: {caFile: ca.pem}, sink: s}', 'sources.x.clientAuthentication.caFile: applies only to type: ca (type is none)'],
    ['an unknown client authentication type', '{type: syslog_tls, certificateFile: c, keyFile: k, clientAuthentication: {type: password}, sink: s}', 'sources.x.clientAuthentication.type: "password" is not allowed: expected one of none, ca, fingerprint'],
    ['fingerprint authentication without fingerprints', '{type: syslog_tls, certificateFile: c, keyFile: k, clientAuthentication: {type: fingerprint}, sink: s}', 'sources.x.clientAuthentication.fingerprints: is required with type: fingerprint'],
    ['a short fingerprint', '{type: syslog_tls, certificateFile: c, keyFile: k, clientAuthentication: {type: fingerprint, fingerprints: ["sha-256:ab:cd"]}, sink: s}', 'sources.x.clientAuthentication.fingerprints[0]: "sha-256:ab:cd" is not allowed: expected sha-1:<20 hex bytes> or sha-256:<32 hex bytes>'],
    ['an unknown TLS version', '{type: syslog_tls, certificateFile: c, keyFile: k, tls: {minVersion: "1.2"}, sink: s}', 'sources.x.tls.minVersion: "1.2" is not allowed: expected one of 1_0, 1_1, 1_2, 1_3'],
    ['minVersion newer than maxVersion', '{type: syslog_tls, certificateFile: c, keyFile: k, tls: {minVersion: 1_3, maxVersion: 1_2}, sink: s}', 'sources.x.tls.minVersion: "1_3" is not allowed: must not be newer than maxVersion (1_2)'],
    ['an unknown cipher', '{type: syslog_tls, certificateFile: c, keyFile: k, tls: {ciphers: [TLS_FAST_AND_LOOSE]}, sink: s}', 'sources.x.tls.ciphers[0]: "TLS_FAST_AND_LOOSE" is not allowed: expected an IANA cipher suite name'],
    ['a small receive buffer on TLS', '{type: syslog_tls, certificateFile: c, keyFile: k, maxEventSize: 4096, receiveBufferSize: 100, sink: s}', 'sources.x.receiveBufferSize: 100 is not allowed: must be larger than maxEventSize (4096)'],
    ['a cmd source without cmd', '{type: cmd, sink: s}', 'sources.x.cmd: is required'],
    ['an unknown cmd mode', '{type: cmd, cmd: ls, mode: cron, sink: s}', 'sources.x.mode: "cron" is not allowed: expected one of scheduled, streaming'],
    ['an interval on a streaming command', '{type: cmd, cmd: tail, mode: streaming, interval: 5, sink: s}', 'sources.x.interval: applies only to mode: scheduled'],
    ['consolidated output of a streaming command', '{type: cmd, cmd: tail, outputMode: consolidateOutput, sink: s}', 'sources.x.outputMode: "consolidateOutput" applies only to mode: scheduled'],
    ['a zero interval', '{type: cmd, cmd: ls, mode: scheduled, interval: 0, sink: s}', 'sources.x.interval: 0 is not allowed: expected an integer from 1 to 604800'],
    ['args that are not strings', '{type: cmd, cmd: ls, args: [{a: 1}], sink: s}', 'sources.x.args: a list is not allowed: expected a string or a list of strings'],
    ['an environment with a nested value', '{type: cmd, cmd: ls, environment: {A: [1]}, sink: s}', 'sources.x.environment.A: a list is not allowed: expected a string, number or boolean'],
    ['a journald key the LogScale Collector does not have', '{type: journald, matches: [_TRANSPORT=kernel], sink: s}', 'sources.x.matches: unknown key: allowed keys are sink, parser, transforms, directory, includeUnits, excludeUnits, currentBootOnly'],
    ['a non-boolean currentBootOnly', '{type: journald, currentBootOnly: sometimes, sink: s}', 'sources.x.currentBootOnly: "sometimes" is not allowed: expected true or false'],
  ])('reports %s with its key path, value and what is allowed', (_name, yaml, expected) => {
    const found = issues(`sources:\n  x: ${yaml}\n${SINK}`);
    expect(found.some((issue) => issue.startsWith(expected)), found.join('\n')).toBe(true);
  });

  it('accepts proxy keywords and http proxy URLs', () => {
    for (const proxy of ['none', 'auto', 'system', 'http://proxy.corp:3128', 'http://user:p%40ss@10.0.0.1:8080']) {
      expect(issues(`sources: {}\nsinks:\n  s: {type: hec, token: t, url: "https://h", proxy: "${proxy}"}\n`)).toEqual([]);
    }
    expect(loadConfig(`sources: {}\n${SINK}`, {}).sinks.s?.proxy).toBe('auto');
  });

  it('never repeats a proxy password in an error', () => {
    const found = issues('sources: {}\nsinks:\n  s: {type: hec, token: t, url: "https://h", proxy: "https://admin:hunter2@proxy:3128"}\n');
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('https://***@proxy:3128');
    expect(found[0]).not.toContain('hunter2');
  });
});
