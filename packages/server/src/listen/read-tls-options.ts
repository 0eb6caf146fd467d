import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { ConfigError } from '../config/load-config.js';
import type { HecateConfig } from '../config/schema.js';

/** The PEM material `https.createServer` needs; undefined when TLS is off. */
export interface TlsOptions {
  cert: Buffer;
  key: Buffer;
}

/**
 * Reads and checks `tlsCert`/`tlsKey` at startup, before anything is opened, so a bad path or a bad
 * PEM is a configuration error (exit code 2) rather than a failure on the first client handshake.
 */
export function readTlsOptions(config: Pick<HecateConfig, 'tlsCert' | 'tlsKey' | 'httpRedirectPort'>): TlsOptions | undefined {
  const { tlsCert, tlsKey } = config;
  if (tlsCert === '' && tlsKey === '') {
    if (config.httpRedirectPort !== 0) {
      throw new ConfigError('httpRedirectPort is set but TLS is off: set tlsCert and tlsKey (--tls-cert, --tls-key) too, or remove httpRedirectPort');
    }
    return undefined;
  }
  if (tlsCert === '' || tlsKey === '') {
    const missing = tlsCert === '' ? 'tlsCert (--tls-cert)' : 'tlsKey (--tls-key)';
    throw new ConfigError(`TLS needs both tlsCert and tlsKey; ${missing} is not set`);
  }
  const cert = readPem('tlsCert', tlsCert);
  const key = readPem('tlsKey', tlsKey);
  try {
    // Parses both PEMs and checks that the key belongs to the certificate.
    createSecureContext({ cert, key });
  } catch (err) {
    throw new ConfigError(`tlsCert ${tlsCert} and tlsKey ${tlsKey} are not a usable PEM certificate and matching unencrypted private key: ${(err as Error).message}`);
  }
  return { cert, key };
}

function readPem(key: 'tlsCert' | 'tlsKey', path: string): Buffer {
  let content: Buffer;
  try {
    content = readFileSync(path);
  } catch (err) {
    throw new ConfigError(`${key} file ${path} cannot be read: ${(err as Error).message}`);
  }
  if (!content.toString('latin1').includes('-----BEGIN ')) {
    throw new ConfigError(`${key} file ${path} is not a PEM file (no "-----BEGIN" line)`);
  }
  return content;
}
