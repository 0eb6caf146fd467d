/**
 * Which proxy, if any, a sink's requests go through. `proxy` is `none`, `auto` or `system` (both
 * read HTTPS_PROXY / HTTP_PROXY / NO_PROXY, upper or lower case, as the LogScale Collector's `auto`
 * does on Linux), or an `http://[user:password@]host:port` URL. Credentials become a
 * Proxy-Authorization header and are never part of a message: `display` is what logs and errors show.
 *
 * From the environment, loopback targets (localhost, 127.0.0.0/8, ::1) are never proxied — as Go's
 * net/http does — since a proxy cannot reach the collector host's own loopback.
 */
import net from 'node:net';

export interface ProxyTarget {
  host: string;
  port: number;
  /** `Basic …` when the URL carried credentials. */
  authorization?: string;
  /** `http://host:port`, without credentials: the only form that may be logged. */
  display: string;
}

export const PROXY_KEYWORDS = ['none', 'auto', 'system'] as const;

/**
 * The proxy URL with any credentials replaced, for messages: everything between the scheme and the
 * last `@`, so a password with an unencoded `/`, `#` or `@` (which makes the URL invalid) is hidden too.
 */
export function redactProxy(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/).*@/is, '$1***@');
}

/** The config check for `proxy`: undefined when allowed, else the message (value redacted). */
export function checkProxySetting(value: string): string | undefined {
  if ((PROXY_KEYWORDS as readonly string[]).includes(value)) return undefined;
  // A bare word here is a typo of a keyword (`sytem`) far more often than a proxy host: the config needs the scheme.
  const problem = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? parseProxyUrl(value).error : 'no http:// scheme';
  if (problem === undefined) return undefined;
  return `${JSON.stringify(redactProxy(value))} is not allowed: expected none, auto, system or an http://[user:password@]host:port proxy URL (${problem})`;
}

function parseProxyUrl(value: string): { proxy?: ProxyTarget; error?: string } {
  // Environment variables often omit the scheme (`proxy.corp:3128`); it then means http.
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { error: 'not a URL' };
  }
  if (url.protocol !== 'http:') return { error: `${url.protocol.slice(0, -1)} proxies are not supported, only http://` };
  if (url.hostname === '') return { error: 'no host' };
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '') return { error: 'a proxy URL has no path' };
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port === '' ? 80 : Number(url.port);
  const proxy: ProxyTarget = { host, port, display: `http://${url.host}` };
  if (url.username !== '' || url.password !== '') {
    const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    proxy.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
  }
  return { proxy };
}

/** The proxy for requests to `target`, or undefined to connect directly. Throws on a bad proxy variable. */
export function resolveProxy(setting: string, target: URL, env: NodeJS.ProcessEnv = process.env): ProxyTarget | undefined {
  if (setting === 'none') return undefined;
  if (setting !== 'auto' && setting !== 'system') {
    const { proxy, error } = parseProxyUrl(setting);
    if (proxy === undefined) throw new Error(`proxy ${redactProxy(setting)}: ${error ?? 'invalid'}`);
    return proxy;
  }
  const names = target.protocol === 'https:' ? ['HTTPS_PROXY', 'https_proxy'] : ['HTTP_PROXY', 'http_proxy'];
  const name = names.find((candidate) => (env[candidate] ?? '') !== '');
  if (name === undefined) return undefined;
  if (isLoopback(target.hostname) || bypassed(target, env.NO_PROXY ?? env.no_proxy ?? '')) return undefined;
  const value = env[name] ?? '';
  const { proxy, error } = parseProxyUrl(value);
  if (proxy === undefined) throw new Error(`${name}=${redactProxy(value)}: ${error ?? 'invalid'}`);
  return proxy;
}

/** localhost (and *.localhost), 127.0.0.0/8 or ::1, with or without IPv6 brackets. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || (net.isIPv4(host) && host.startsWith('127.'));
}

/**
 * NO_PROXY: entries separated by commas or spaces; `*` matches everything; `example.com` and
 * `.example.com` match the domain and its subdomains; an IP or CIDR block matches addresses; an
 * entry with `:port` only matches that port.
 */
export function bypassed(target: URL, noProxy: string): boolean {
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const port = target.port === '' ? (target.protocol === 'https:' ? '443' : '80') : target.port;
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    let name = entry;
    let entryPort: string | undefined;
    if (!name.includes('/')) {
      const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(name);
      const withPort = net.isIPv6(name) ? null : /^(.*):(\d+)$/.exec(name);
      if (bracketed !== null) [, name = '', entryPort] = bracketed;
      else if (withPort !== null) [, name = '', entryPort] = withPort;
    }
    if (entryPort !== undefined && entryPort !== port) continue;
    if (name.includes('/')) {
      if (inCidr(host, name)) return true;
      continue;
    }
    const domain = name.replace(/^\*?\./, '');
    if (net.isIP(host) !== 0 || net.isIP(domain) !== 0) {
      if (host === domain) return true;
      continue;
    }
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

function inCidr(host: string, cidr: string): boolean {
  const [network, bits] = cidr.split('/');
  const family = net.isIPv4(network ?? '') ? 'ipv4' : net.isIPv6(network ?? '') ? 'ipv6' : undefined;
  if (family === undefined || net.isIP(host) === 0 || !/^\d+$/.test(bits ?? '')) return false;
  const list = new net.BlockList();
  try {
    list.addSubnet(network ?? '', Number(bits), family);
    return list.check(host, net.isIPv4(host) ? 'ipv4' : 'ipv6');
  } catch {
    return false;
  }
}
