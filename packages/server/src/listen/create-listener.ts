/**
 * The main listener: HEC, the API, /metrics (and later the console) on one port, over HTTPS when TLS is
 * configured, else plain HTTP — same handler and same timeouts either way. With TLS and
 * `httpRedirectPort`, a second plain-HTTP listener answers 308 to the HTTPS URL; it closes with the main one.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../config/load-config.js';
import type { HecateConfig } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import { redirectHandler } from './redirect-handler.js';
import type { TlsOptions } from './read-tls-options.js';

export interface Listener {
  server: Server | HttpsServer;
  scheme: 'http' | 'https';
  port: number;
  /** `host:port` to show in URLs (a wildcard address is shown as 127.0.0.1, IPv6 in brackets). */
  shownHost: string;
}

type ListenConfig = Pick<
  HecateConfig,
  'host' | 'port' | 'httpRedirectPort' | 'headersTimeoutSeconds' | 'requestTimeoutSeconds' | 'keepAliveTimeoutSeconds'
>;

export async function createListener(
  config: ListenConfig,
  tls: TlsOptions | undefined,
  handler: RequestListener,
  log: Logger,
): Promise<Listener> {
  const timeouts = {
    headersTimeout: config.headersTimeoutSeconds * 1000,
    requestTimeout: config.requestTimeoutSeconds * 1000,
    keepAliveTimeout: config.keepAliveTimeoutSeconds * 1000,
    // Node enforces the two timeouts above only when it checks its connections (every 30 s by default).
    connectionsCheckingInterval: 1000,
  };
  const server = tls === undefined ? createServer(timeouts, handler) : createHttpsServer({ ...timeouts, ...tls }, handler);
  const port = await listen(server, config.port, config.host);
  const shownName = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const shownHost = shownName.includes(':') ? `[${shownName}]` : shownName;

  if (tls !== undefined && config.httpRedirectPort !== 0) {
    const redirect = createServer({ headersTimeout: timeouts.headersTimeout, requestTimeout: timeouts.headersTimeout }, redirectHandler(port, shownHost));
    try {
      await listen(redirect, config.httpRedirectPort, config.host);
    } catch (err) {
      server.close();
      // Named as the setting to change, not as the main port (which the caller's EADDRINUSE message would name).
      throw new ConfigError(`httpRedirectPort ${config.httpRedirectPort} on ${config.host} cannot be used: ${(err as Error).message}`);
    }
    server.once('close', () => {
      redirect.close();
      redirect.closeAllConnections();
    });
    log.info({ port: (redirect.address() as AddressInfo).port }, 'redirecting plain HTTP to HTTPS');
  }
  return { server, scheme: tls === undefined ? 'http' : 'https', port, shownHost };
}

function listen(server: Server | HttpsServer, port: number, host: string): Promise<number> {
  return new Promise<number>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok((server.address() as AddressInfo).port);
    });
  });
}
