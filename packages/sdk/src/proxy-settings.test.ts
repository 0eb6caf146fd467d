import { describe, expect, it } from 'vitest';
import { HEC } from './hec.js';
import { proxyFor, resolveProxy } from './proxy-settings.js';

const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;

describe('resolveProxy', () => {
  it('goes direct with none, and takes every request through a proxy URL', () => {
    expect(resolveProxy('none', { HTTPS_PROXY: 'http://ignored:1' })).toBeUndefined();
    const settings = resolveProxy('http://proxy.example:3128');
    expect(proxyFor(settings, new URL('https://hec.example:8088'))).toEqual({ host: 'proxy.example', port: 3128, authorization: undefined, label: 'proxy.example:3128' });
    expect(proxyFor(settings, new URL('http://hec.example'))?.label).toBe('proxy.example:3128');
    expect(resolveProxy('http://proxy.example')?.http?.port).toBe(80);
  });

  it('builds Proxy-Authorization from the decoded user and password, and lists every form of them as secrets', () => {
    const settings = resolveProxy('http://ann:p%40ss%3Aword@127.0.0.1:3128');
    expect(settings?.https?.authorization).toBe(basic('ann:p@ss:word'));
    expect(settings?.secrets).toEqual(expect.arrayContaining([Buffer.from('ann:p@ss:word').toString('base64'), 'ann:p@ss:word', 'p@ss:word', 'p%40ss%3Aword']));
    expect(settings?.https?.label).toBe('127.0.0.1:3128');
  });

  it.each([
    ['https://proxy.example:443', /must be an http:\/\/ proxy URL/],
    ['socks5://proxy.example:1080', /must be an http:\/\/ proxy URL/],
    ['http://[not a host', /is not a URL/],
  ])('refuses %s', (value, message) => {
    expect(() => resolveProxy(value)).toThrow(message);
  });

  it('never echoes a malformed proxy value, which may hold a password', () => {
    expect(() => resolveProxy('http://ann:s3cret@[bad')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('s3cret') as unknown }));
  });

  it('reads the environment with system: lower-case names win, a value without a scheme is http', () => {
    const env = { https_proxy: 'lower:3128', HTTPS_PROXY: 'http://upper:3128', HTTP_PROXY: 'http://plain:8080' };
    const settings = resolveProxy('system', env);
    expect(proxyFor(settings, new URL('https://hec.example'))?.label).toBe('lower:3128');
    expect(proxyFor(settings, new URL('http://hec.example'))?.label).toBe('plain:8080');
  });

  it('goes direct with system when the environment names no proxy, or only one for the other scheme', () => {
    expect(resolveProxy('system', {})).toBeUndefined();
    expect(resolveProxy('system', { HTTPS_PROXY: '  ', NO_PROXY: '*' })).toBeUndefined();
    expect(proxyFor(resolveProxy('system', { HTTPS_PROXY: 'http://p:1' }), new URL('http://hec.example'))).toBeUndefined();
  });
});

describe('no_proxy', () => {
  it.each([
    ['*', 'https://a.example.com', 'direct'],
    ['example.com', 'https://example.com', 'direct'],
    ['example.com', 'https://a.b.example.com', 'direct'],
    ['.example.com', 'https://a.example.com', 'direct'],
    ['*.example.com', 'https://a.example.com', 'direct'],
    ['EXAMPLE.com', 'https://Example.COM', 'direct'],
    ['example.com', 'https://notexample.com', 'proxy'],
    ['example.com:8443', 'https://example.com:8443', 'direct'],
    ['example.com:8443', 'https://example.com', 'proxy'],
    ['example.com:443', 'https://example.com', 'direct'],
    ['localhost, 127.0.0.1', 'http://127.0.0.1:8088', 'direct'],
    ['localhost 127.0.0.1', 'http://localhost:8088', 'direct'],
    ['127.0.0.1', 'http://127.0.0.2', 'proxy'],
    ['0.0.1', 'http://127.0.0.1', 'proxy'],
    ['10.0.0.0/8', 'http://10.20.30.40', 'direct'],
    ['10.0.0.0/8', 'http://11.0.0.1', 'proxy'],
    ['10.0.0.0/8', 'http://ten.example', 'proxy'],
    ['::1', 'http://[::1]:8088', 'direct'],
    ['[::1]:8088', 'http://[::1]:8088', 'direct'],
    ['[::1]:9999', 'http://[::1]:8088', 'proxy'],
    ['fd00::/8', 'http://[fd12::1]', 'direct'],
    ['', 'http://hec.example', 'proxy'],
  ])('%j sends %s %s', (noProxy, target, expected) => {
    const settings = resolveProxy('system', { HTTP_PROXY: 'http://p:1', HTTPS_PROXY: 'http://p:1', NO_PROXY: noProxy });
    expect(proxyFor(settings, new URL(target)) === undefined ? 'direct' : 'proxy').toBe(expected);
  });

  it('is read from no_proxy before NO_PROXY', () => {
    const settings = resolveProxy('system', { HTTP_PROXY: 'http://p:1', no_proxy: 'a.example', NO_PROXY: 'b.example' });
    expect(proxyFor(settings, new URL('http://a.example'))).toBeUndefined();
    expect(proxyFor(settings, new URL('http://b.example'))).toBeDefined();
  });
});

describe('the proxy option of HEC', () => {
  it.each([
    [{ proxy: 'http://p:1', transport: 'fetch' as const }, /needs the node transport/],
    [{ proxy: 'ftp://p:1' }, /must be an http:\/\/ proxy URL/],
    [{ proxy: 42 as unknown as string }, /proxy must be a URL/],
  ])('is refused when %j', (extra, message) => {
    expect(() => new HEC({ url: 'http://127.0.0.1:8088', apiKey: 'k', ...extra })).toThrow(message);
  });
});
