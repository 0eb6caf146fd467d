import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

function issues(text: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    loadConfig(text, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  return [];
}

const SINK = 'sinks:\n  s: {type: hec, token: t, url: "http://127.0.0.1:8088"}\n';

describe('loadConfig', () => {
  it('fills defaults, expands ${VAR} and $VAR, and freezes the result', () => {
    const config = loadConfig(`sources:\n  u: {type: syslog, port: 1514, sink: s}\nsinks:\n  s: {type: hec, token: \${KEY}, url: "http://$HOST:8088"}\n`, { KEY: 'k1', HOST: 'h' });
    expect(config.sinks.s).toMatchObject({ token: 'k1', url: 'http://h:8088', compression: 'auto', workers: 4, queue: { type: 'memory', fullAction: 'pause', maxLimitInMB: 1024 } });
    expect(config.sources.u).toMatchObject({ mode: 'udp', bind: '0.0.0.0', maxEventSize: 2048, transforms: [] });
    expect(Object.isFrozen(config.sinks.s)).toBe(true);
  });

  it.each([
    ['an unknown key', `sources: {}\n${SINK}colour: blue\n`, 'colour: unknown key: allowed keys are dataDirectory, logLevel, sources, sinks'],
    ['a bad port', `sources:\n  u: {type: syslog, port: 70000, sink: s}\n${SINK}`, 'sources.u.port: 70000 is not allowed: expected an integer from 1 to 65535'],
    ['a bad mode', `sources:\n  u: {type: syslog, mode: sctp, sink: s}\n${SINK}`, 'sources.u.mode: "sctp" is not allowed: expected one of udp, tcp'],
    ['an unknown source type', `sources:\n  u: {type: wineventlog, sink: s}\n${SINK}`, 'sources.u.type: "wineventlog" is not allowed: expected one of syslog, syslog_tls, file, cmd, journald'],
    ['a missing sink', 'sources:\n  u: {type: syslog, sink: nope}\n' + SINK, 'sources.u.sink: "nope" is not a sink: defined sinks are s'],
    ['a socks proxy, without its password', 'sources: {}\nsinks:\n  s: {type: hec, token: t, url: "http://h", proxy: "socks5://u:pw@p:1080"}\n', 'sinks.s.proxy: "socks5://***@p:1080" is not allowed: expected none, auto, system or an http://[user:password@]host:port proxy URL (socks5 proxies are not supported, only http://)'],
    ['a proxy keyword typo', 'sources: {}\nsinks:\n  s: {type: hec, token: t, url: "http://h", proxy: sytem}\n', 'sinks.s.proxy: "sytem" is not allowed: expected none, auto, system or an http://[user:password@]host:port proxy URL (no http:// scheme)'],
    ['a missing token', 'sources: {}\nsinks:\n  s: {type: hec, url: "http://h"}\n', 'sinks.s.token: is required'],
    ['an unset variable', 'sources: {}\nsinks:\n  s: {type: hec, token: ${NOPE}, url: "http://h"}\n', '(line 3): environment variable NOPE is not set (referenced as ${NOPE})'],
    ['a bad regex', `sources:\n  f: {type: file, include: /x, sink: s, transforms: [{type: regex_filter, mode: include, pattern: "("}]}\n${SINK}`, 'sources.f.transforms[0].pattern: "(" is not a valid regular expression'],
    ['a small receive buffer', `sources:\n  u: {type: syslog, maxEventSize: 2048, receiveBufferSize: 2048, sink: s}\n${SINK}`, 'sources.u.receiveBufferSize: 2048 is not allowed: must be larger than maxEventSize (2048)'],
    ['caCert and caFile together', 'sources: {}\nsinks:\n  s: {type: hec, token: t, url: "http://h", tls: {caCert: x, caFile: y}}\n', 'sinks.s.tls: caCert and caFile are exclusive'],
    ['a bad queue fullAction', 'sources: {}\nsinks:\n  s: {type: hec, token: t, url: "http://h", queue: {type: disk, fullAction: deleteNewest}}\n', 'sinks.s.queue.fullAction: "deleteNewest" is not allowed: expected one of pause, deleteOldest'],
  ])('reports %s with its key path, value and what is allowed', (_name, text, expected) => {
    expect(issues(text).some((issue) => issue.startsWith(expected))).toBe(true);
  });

  it('refuses source and sink names that cannot be file names', () => {
    const text = 'sources:\n  "var/log": {type: file, include: /x, sink: ".."}\nsinks:\n  "..": {type: hec, token: t, url: "http://127.0.0.1:8088"}\n';
    expect(issues(text)).toEqual([
      'sources.var/log: "var/log" is not allowed as a name: it names files under dataDirectory, so it cannot contain / or \\ or be . or ..',
      'sinks...: ".." is not allowed as a name: it names files under dataDirectory, so it cannot contain / or \\ or be . or ..',
    ]);
    expect(issues(`sources:\n  syslog_udp-514.a: {type: file, include: /x, sink: s}\n${SINK}`)).toEqual([]);
  });

  it('reports every problem at once', () => {
    expect(issues(`sources:\n  u: {type: syslog, port: 0, mode: x, sink: s}\n${SINK}`)).toHaveLength(2);
  });

  it('ignores variables in comment lines', () => {
    expect(issues(`# token: \${UNSET}\nsources: {}\n${SINK}`)).toEqual([]);
  });
});
