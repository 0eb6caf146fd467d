/**
 * A self-signed certificate for 127.0.0.1 and localhost, made with the `openssl` CLI. When openssl is
 * missing this throws (TLS suites fail, they do not skip): CI must install it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SelfSigned {
  dir: string;
  certPath: string;
  keyPath: string;
  /** The certificate's PEM, to trust as a CA. */
  ca: string;
}

export function makeSelfSignedCert(): SelfSigned {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hecate-tls-'));
  const certPath = path.join(dir, 'cert.pem');
  const keyPath = path.join(dir, 'key.pem');
  const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', keyPath, '-out', certPath];
  try {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    throw new Error(`the TLS tests need the openssl CLI (apt-get install -y openssl): ${(err as Error).message}`);
  }
  return { dir, certPath, keyPath, ca: readFileSync(certPath, 'utf8') };
}
