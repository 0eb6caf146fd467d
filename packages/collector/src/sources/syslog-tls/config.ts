import type { ObjectSchema } from '../../config/schema-types.js';
import type { TransformConfig } from '../../transforms/config.js';
import { SYSLOG_SOURCE_KEYS } from '../syslog/config.js';
import { checkCipher } from './ciphers.js';

export type TlsVersionName = '1_0' | '1_1' | '1_2' | '1_3';

export interface SyslogTlsSourceConfig {
  type: 'syslog_tls';
  sink: string;
  transforms: TransformConfig[];
  certificateFile: string;
  keyFile: string;
  port: number;
  bind: string;
  maxEventSize: number;
  /** Absent means 64 × maxEventSize. */
  receiveBufferSize?: number;
  workers: number;
  clientAuthentication: {
    type: 'none' | 'ca' | 'fingerprint';
    caFile?: string;
    fingerprints?: string[];
  };
  tls: {
    minVersion: TlsVersionName;
    maxVersion: TlsVersionName;
    ciphers?: string[];
  };
}

export const TLS_VERSIONS: readonly TlsVersionName[] = ['1_0', '1_1', '1_2', '1_3'];

const FINGERPRINT = /^(sha-1|sha-256):((?:[0-9a-f]{2}:)*[0-9a-f]{2})$/i;

/** `sha-1:bf:88:…` (20 bytes) or `sha-256:89:83:…` (32 bytes), as the LogScale Collector writes them. */
export function parseFingerprint(value: string): { algorithm: 'sha-1' | 'sha-256'; hex: string } | undefined {
  const match = FINGERPRINT.exec(value.trim());
  if (match === null) return undefined;
  const algorithm = (match[1] ?? '').toLowerCase() as 'sha-1' | 'sha-256';
  const hex = (match[2] ?? '').toUpperCase();
  const bytes = (hex.length + 1) / 3;
  return bytes === (algorithm === 'sha-1' ? 20 : 32) ? { algorithm, hex } : undefined;
}

function checkFingerprint(value: string): string | undefined {
  if (parseFingerprint(value) !== undefined) return undefined;
  return `${JSON.stringify(value)} is not allowed: expected sha-1:<20 hex bytes> or sha-256:<32 hex bytes>, colon-separated (openssl x509 -noout -fingerprint -sha256)`;
}

const { mode: _mode, port: _port, ...SHARED_SYSLOG_KEYS } = SYSLOG_SOURCE_KEYS;

export const SYSLOG_TLS_SOURCE_KEYS: ObjectSchema['keys'] = {
  certificateFile: { kind: 'string', required: true, description: "Path to the server's PEM certificate (its chain may follow it in the same file)." },
  keyFile: { kind: 'string', required: true, description: 'Path to the PEM private key of certificateFile.' },
  port: { kind: 'integer', min: 1, max: 65535, default: 6514, description: 'Port to listen on (6514 is syslog over TLS, RFC 5425).' },
  ...SHARED_SYSLOG_KEYS,
  clientAuthentication: {
    kind: 'object',
    description: 'Whether senders must present a client certificate. Absent: they need not.',
    keys: {
      type: {
        kind: 'enum',
        values: ['none', 'ca', 'fingerprint'],
        default: 'none',
        description: '`none`: no client certificate asked; `ca`: a certificate signed by caFile is required; `fingerprint`: a certificate whose fingerprint is listed is required.',
      },
      caFile: { kind: 'string', description: 'PEM file of the CA(s) that sign client certificates (type: ca).' },
      fingerprints: { kind: 'stringList', check: checkFingerprint, description: 'Accepted client certificate fingerprints, `sha-1:…` or `sha-256:…` (type: fingerprint).' },
    },
  },
  tls: {
    kind: 'object',
    description: 'Protocol versions and cipher suites offered to senders.',
    keys: {
      minVersion: { kind: 'enum', values: TLS_VERSIONS, default: '1_2', description: 'Oldest TLS version accepted (`1_0` = TLS 1.0 … `1_3` = TLS 1.3).' },
      maxVersion: { kind: 'enum', values: TLS_VERSIONS, default: '1_3', description: 'Newest TLS version accepted.' },
      ciphers: { kind: 'stringList', check: checkCipher, defaultText: "Node's defaults", description: 'Cipher suites allowed, by IANA name (`TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`) or OpenSSL name.' },
    },
  },
};
