import { describe, expect, it } from 'vitest';
import { bypassed, checkProxySetting, redactProxy, resolveProxy } from './proxy.js';

const https = new URL('https://abc.ingest.us-1.crowdstrike.com/services/collector');
const http = new URL('http://hecate.corp:8088/services/collector');

describe('resolveProxy', () => {
  it.each([
    ['none ignores the environment', 'none', https, { HTTPS_PROXY: 'http://p:3128' }, undefined],
    ['auto without variables connects directly', 'auto', https, {}, undefined],
    ['auto takes HTTPS_PROXY for https', 'auto', https, { HTTPS_PROXY: 'http://p:3128', HTTP_PROXY: 'http://other:1' }, 'http://p:3128'],
    ['system takes http_proxy (lower case) for http', 'system', http, { http_proxy: 'proxy.corp:8080' }, 'http://proxy.corp:8080'],
    ['HTTP_PROXY is not used for https', 'system', https, { HTTP_PROXY: 'http://p:3128' }, undefined],
    ['NO_PROXY wins', 'auto', https, { HTTPS_PROXY: 'http://p:3128', NO_PROXY: '.crowdstrike.com' }, undefined],
    ['loopback targets are never proxied from the environment', 'auto', new URL('https://127.0.0.1:8088'), { HTTPS_PROXY: 'http://p:3128' }, undefined],
    ['a configured URL is used even for loopback', 'http://p:3128', new URL('http://localhost:8088'), {}, 'http://p:3128'],
    ['a proxy without a port uses 80', 'http://p', https, {}, 'http://p'],
  ])('%s', (_name, setting, target, env, expected) => {
    expect(resolveProxy(setting, target, env)?.display).toBe(expected);
  });

  it('turns credentials into a Basic Proxy-Authorization, decoding percent-escapes', () => {
    const proxy = resolveProxy('http://svc%2Dcollector:p%40ss@p:3128', https, {});
    expect(proxy).toEqual({ host: 'p', port: 3128, display: 'http://p:3128', authorization: `Basic ${Buffer.from('svc-collector:p@ss').toString('base64')}` });
  });

  it('refuses a socks proxy from the environment without showing its password', () => {
    expect(() => resolveProxy('auto', https, { HTTPS_PROXY: 'socks5://u:secret@p:1080' })).toThrow('HTTPS_PROXY=socks5://***@p:1080: socks5 proxies are not supported, only http://');
  });
});

describe('NO_PROXY', () => {
  it.each([
    ['*', https, true],
    ['crowdstrike.com', https, true],
    ['.crowdstrike.com', https, true],
    ['*.crowdstrike.com', https, true],
    ['strike.com', https, false],
    ['abc.ingest.us-1.crowdstrike.com:443', https, true],
    ['abc.ingest.us-1.crowdstrike.com:8443', https, false],
    ['other.corp, hecate.corp', http, true],
    ['10.0.0.0/8', new URL('https://10.1.2.3/'), true],
    ['10.0.0.0/8', new URL('https://11.1.2.3/'), false],
    ['0.0.1', new URL('https://10.0.0.1/'), false],
    ['::1', new URL('https://[::1]:8088/'), true],
    ['[fd00::1]:8088', new URL('https://[fd00::1]:8088/'), true],
    ['', https, false],
  ])('%j for %s → %s', (noProxy, target, expected) => {
    expect(bypassed(target, noProxy)).toBe(expected);
  });
});

describe('proxy setting check', () => {
  it.each([
    ['none', undefined],
    ['http://u:p@proxy:3128', undefined],
    ['proxy:3128', '"proxy:3128" is not allowed: expected none, auto, system or an http://[user:password@]host:port proxy URL (no http:// scheme)'],
    ['http://proxy:3128/path', '"http://proxy:3128/path" is not allowed: expected none, auto, system or an http://[user:password@]host:port proxy URL (a proxy URL has no path)'],
  ])('%s', (value, expected) => {
    expect(checkProxySetting(value)).toBe(expected);
  });

  it('redacts credentials', () => {
    expect(redactProxy('http://user:secret@proxy:3128')).toBe('http://***@proxy:3128');
    expect(redactProxy('http://proxy:3128')).toBe('http://proxy:3128');
    // Unencoded characters that end the authority early must not leak the rest of the password.
    expect(redactProxy('http://collector:a/b@proxy.corp:3128')).toBe('http://***@proxy.corp:3128');
    expect(redactProxy('http://collector:p#w@d@proxy.corp:3128')).toBe('http://***@proxy.corp:3128');
    expect(checkProxySetting('http://collector:a/b#c@proxy.corp:3128') ?? '').not.toContain('a/b');
  });
});
