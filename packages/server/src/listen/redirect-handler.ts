import type { IncomingMessage, ServerResponse } from 'node:http';

/** A host name or IP literal as it may appear in a Host header (anything else is not echoed back). */
const hostPattern = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)$/;

/**
 * The plain-HTTP listener of `httpRedirectPort`: every request answers 308 to the same path and query
 * over HTTPS on `httpsPort`. 308 (not 301) so POSTs from shippers are repeated as POSTs with their body;
 * the body sent over plain HTTP is never read or stored.
 */
export function redirectHandler(httpsPort: number, fallbackHost: string) {
  const portSuffix = httpsPort === 443 ? '' : `:${httpsPort}`;
  return (req: IncomingMessage, res: ServerResponse): void => {
    const hostHeader = req.headers.host ?? '';
    // Host is "name", "name:port", "[v6]" or "[v6]:port": keep the name, replace the port.
    const name = hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.split(':')[0] ?? '';
    const host = hostPattern.test(name) ? name : fallbackHost;
    const path = (req.url ?? '/').startsWith('/') ? (req.url ?? '/') : '/';
    res.writeHead(308, { Location: `https://${host}${portSuffix}${path}`, Connection: 'close', 'Content-Length': '0' }).end();
    req.resume();
  };
}
