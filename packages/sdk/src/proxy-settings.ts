/**
 * Which HTTP proxy, if any, a request goes through; read once when the sender is built.
 *
 * - `none` (the default): every request goes direct.
 * - a URL, `http://user:pass@host:port`: every request goes through that proxy.
 * - `system`: the environment, as curl reads it: `https_proxy` for https targets, `http_proxy` for http
 *   ones (the lower-case name wins over `HTTPS_PROXY` / `HTTP_PROXY`, an empty value counts as unset, a
 *   value without a scheme means http), and `no_proxy` / `NO_PROXY`, a comma- or space-separated list of targets that go direct:
 *   `*` (all), a host name (which also covers its subdomains; a leading `.` or `*.` is ignored), an IP
 *   address or CIDR block, each optionally with `:port`.
 *
 * Only `http://` proxies: the hop to the proxy is plain HTTP. An https target is still end-to-end TLS,
 * through a CONNECT tunnel (`proxy-tunnel-agent.ts`). Credentials in the proxy URL become a `Basic`
 * Proxy-Authorization header; `secrets` lists every form of them, for the redacting logger.
 */
import { BlockList, isIP } from 'node:net';

export interface ProxyServer {
  readonly host: string;
  readonly port: number;
  /** `Basic …` from the URL's user and password, if it had any. */
  readonly authorization: string | undefined;
  /** `host:port`, for messages: never the credentials. */
  readonly label: string;
}

export interface ProxySettings {
  readonly http: ProxyServer | undefined;
  readonly https: ProxyServer | undefined;
  readonly noProxy: readonly NoProxyRule[];
  /** The credentials in every form they could be printed: for the redacting logger. */
  readonly secrets: readonly string[];
}

interface NoProxyRule {
  /** `*`, a lower-case host name (without a leading dot), or undefined for a CIDR block. */
  readonly host: string | undefined;
  readonly block: BlockList | undefined;
  readonly port: number | undefined;
}

export type Environment = Readonly<Record<string, string | undefined>>;

/** Parses the `proxy` option; undefined when no request can go through a proxy. Throws TypeError on a bad URL. */
export function resolveProxy(option: string, env: Environment = process.env): ProxySettings | undefined {
  if (option === 'none') return undefined;
  const secrets: string[] = [];
  if (option !== 'system') {
    const server = proxyServer(option, 'proxy', secrets);
    return Object.freeze({ http: server, https: server, noProxy: [], secrets: Object.freeze(secrets) });
  }
  // An empty value counts as unset.
  const read = (name: string): string | undefined => (env[name]?.trim() || env[name.toUpperCase()]?.trim()) || undefined;
  const httpValue = read('http_proxy');
  const httpsValue = read('https_proxy');
  const http = httpValue === undefined ? undefined : proxyServer(httpValue, 'http_proxy', secrets);
  const https = httpsValue === undefined ? undefined : proxyServer(httpsValue, 'https_proxy', secrets);
  if (http === undefined && https === undefined) return undefined;
  const noProxy = parseNoProxy(read('no_proxy') ?? '');
  return Object.freeze({ http, https, noProxy: Object.freeze(noProxy), secrets: Object.freeze(secrets) });
}

/** The proxy for a request to `target`, or undefined to go direct. */
export function proxyFor(settings: ProxySettings | undefined, target: URL): ProxyServer | undefined {
  if (settings === undefined) return undefined;
  const server = target.protocol === 'https:' ? settings.https : settings.http;
  if (server === undefined) return undefined;
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  return settings.noProxy.some((rule) => bypasses(rule, host, port)) ? undefined : server;
}

function proxyServer(value: string, name: string, secrets: string[]): ProxyServer {
  let url: URL;
  try {
    url = new URL(value.includes('://') ? value : `http://${value}`);
  } catch {
    // The value may hold credentials: name the setting, never echo it.
    throw new TypeError(`HEC: ${name} is not a URL (expected http://[user:password@]host:port)`);
  }
  if (url.protocol !== 'http:') throw new TypeError(`HEC: ${name} must be an http:// proxy URL (https targets are tunnelled through it with CONNECT)`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port || 80);
  const label = `${url.hostname}:${port}`;
  if (url.username === '' && url.password === '') return Object.freeze({ host, port, authorization: undefined, label });
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const token = Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
  for (const secret of [token, `${user}:${password}`, `${url.username}:${url.password}`, password, url.password]) {
    if (secret !== '' && secret !== ':' && !secrets.includes(secret)) secrets.push(secret);
  }
  return Object.freeze({ host, port, authorization: `Basic ${token}`, label });
}

function parseNoProxy(value: string): NoProxyRule[] {
  const rules: NoProxyRule[] = [];
  for (const raw of value.toLowerCase().split(/[\s,]+/)) {
    if (raw === '') continue;
    if (raw === '*') {
      rules.push({ host: '*', block: undefined, port: undefined });
      continue;
    }
    // `[v6]:port`, `host:port`, or a bare host / IPv6 address / CIDR block.
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(raw);
    const withPort = /^([^:]+):(\d+)$/.exec(raw);
    const entry = bracketed?.[1] ?? withPort?.[1] ?? raw;
    const portText = bracketed?.[2] ?? withPort?.[2];
    const port = portText === undefined ? undefined : Number(portText);
    const cidr = /^(.+)\/(\d{1,3})$/.exec(entry);
    const family = cidr === null ? 0 : isIP(cidr[1] ?? '');
    if (cidr !== null && family !== 0) {
      const block = new BlockList();
      const type = family === 6 ? 'ipv6' : 'ipv4';
      block.addSubnet(cidr[1] ?? '', Number(cidr[2]), type);
      rules.push({ host: undefined, block, port });
    } else {
      rules.push({ host: entry.replace(/^\*?\./, ''), block: undefined, port });
    }
  }
  return rules;
}

function bypasses(rule: NoProxyRule, host: string, port: number): boolean {
  if (rule.port !== undefined && rule.port !== port) return false;
  if (rule.host === '*') return true;
  if (rule.block !== undefined) {
    const family = isIP(host);
    return family !== 0 && rule.block.check(host, family === 6 ? 'ipv6' : 'ipv4');
  }
  return host === rule.host || (rule.host !== undefined && isIP(host) === 0 && host.endsWith(`.${rule.host}`));
}
