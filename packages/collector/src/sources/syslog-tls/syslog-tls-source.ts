/**
 * Syslog over TLS (RFC 5425): a TLS listener whose connections are framed and queued exactly as
 * syslog over TCP (newlines or octet counts, RFC 3164 and RFC 5424 forwarded as they arrive, with
 * the same backpressure). Certificate and key are read at start, so a missing file stops the start
 * with its path instead of failing on the first sender.
 *
 * Client authentication: `ca` lets OpenSSL refuse, during the handshake, a sender without a
 * certificate signed by caFile; `fingerprint` asks for any certificate and then keeps the
 * connection only if its SHA-1 or SHA-256 fingerprint is listed. Refused senders are counted and
 * logged (the first, then every hundredth), never per event.
 */
import { once } from 'node:events';
import fs from 'node:fs';
import type net from 'node:net';
import tls from 'node:tls';
import type { CollectEvent, Source, SourceOutput } from '../../event.js';
import type { Logger } from '../../logger.js';
import { collectFields, eventFields } from '../collect-fields.js';
import type { SyslogFrame } from '../syslog/decoder.js';
import { StreamReceiver } from '../syslog/stream-receiver.js';
import { opensslCipher } from './ciphers.js';
import { parseFingerprint } from './config.js';
import type { SyslogTlsSourceConfig, TlsVersionName } from './config.js';

/** How long a connection may take to complete its TLS handshake. */
const HANDSHAKE_TIMEOUT_MS = 10_000;
const NODE_TLS_VERSION: Readonly<Record<TlsVersionName, tls.SecureVersion>> = { '1_0': 'TLSv1', '1_1': 'TLSv1.1', '1_2': 'TLSv1.2', '1_3': 'TLSv1.3' };

export class SyslogTlsSource implements Source {
  private server: tls.Server | undefined;
  private readonly receiver: StreamReceiver;
  private readonly base: Readonly<Record<string, string>>;
  private readonly socketName: string;
  private readonly fingerprints: { sha1: Set<string>; sha256: Set<string> } = { sha1: new Set(), sha256: new Set() };
  /** Senders refused (handshake failed or fingerprint not listed), for the throttled log line. */
  refused = 0;

  constructor(
    readonly name: string,
    private readonly config: SyslogTlsSourceConfig,
    output: SourceOutput,
    private readonly log: Logger,
  ) {
    this.base = collectFields(name, 'syslog_tls');
    this.socketName = `:${config.port}/TLS`;
    this.receiver = new StreamReceiver(name, config.maxEventSize, output, log, (frame, remote) => this.event(frame, remote));
    for (const text of config.clientAuthentication.fingerprints ?? []) {
      const fingerprint = parseFingerprint(text);
      if (fingerprint !== undefined) (fingerprint.algorithm === 'sha-1' ? this.fingerprints.sha1 : this.fingerprints.sha256).add(fingerprint.hex);
    }
  }

  describe(): string {
    const auth = this.config.clientAuthentication.type === 'none' ? '' : `, client certificates by ${this.config.clientAuthentication.type}`;
    return `${this.name} (syslog tls ${this.config.bind}:${this.config.port}${auth})`;
  }

  async start(): Promise<void> {
    const { config } = this;
    const auth = config.clientAuthentication;
    const options: tls.TlsOptions = {
      cert: this.readPem('certificateFile', config.certificateFile),
      key: this.readPem('keyFile', config.keyFile),
      minVersion: NODE_TLS_VERSION[config.tls.minVersion],
      maxVersion: NODE_TLS_VERSION[config.tls.maxVersion],
      requestCert: auth.type !== 'none',
      // With fingerprints the certificate may be self-signed: it is checked against the list instead.
      rejectUnauthorized: auth.type === 'ca',
      // Node's default is 120 s: a peer that connects and never completes a handshake is dropped sooner.
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
    };
    if (auth.type === 'ca' && auth.caFile !== undefined) options.ca = this.readPem('clientAuthentication.caFile', auth.caFile);
    if (config.tls.ciphers !== undefined) options.ciphers = config.tls.ciphers.map((cipher) => opensslCipher(cipher) ?? cipher).join(':');
    const server = tls.createServer(options, (socket) => this.onSecureConnection(socket));
    server.on('connection', (socket: net.Socket) => this.receiver.watch(socket));
    server.on('tlsClientError', (error, socket) => this.refuse(socket, `TLS handshake failed: ${error.message}`));
    server.on('error', (error) => this.log.error(`source ${this.name}: listener error`, { error: error.message }));
    server.listen({ port: config.port, host: config.bind });
    await once(server, 'listening');
    this.server = server;
  }

  private readPem(key: string, file: string): Buffer {
    try {
      return fs.readFileSync(file);
    } catch (error) {
      throw new Error(`source ${this.name}: cannot read ${key} ${file}: ${(error as Error).message}`);
    }
  }

  private onSecureConnection(socket: tls.TLSSocket): void {
    if (this.config.clientAuthentication.type === 'fingerprint') {
      const cert = socket.getPeerCertificate();
      const known = cert.fingerprint !== undefined && (this.fingerprints.sha1.has(cert.fingerprint.toUpperCase()) || this.fingerprints.sha256.has((cert.fingerprint256 ?? '').toUpperCase()));
      if (!known) {
        this.refuse(socket, cert.fingerprint === undefined ? 'no client certificate' : `client certificate fingerprint not listed (sha-256:${cert.fingerprint256})`);
        socket.destroy();
        return;
      }
    }
    this.receiver.accept(socket);
  }

  private refuse(socket: net.Socket, reason: string): void {
    this.refused++;
    if (this.refused % 100 === 1) {
      this.log.warn(`source ${this.name}: refused a sender`, { remote: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`, reason, refusedSoFar: this.refused });
    }
  }

  private event(frame: SyslogFrame, remote: string): CollectEvent {
    const time = Date.now();
    const fields = eventFields(this.base, time, { '@collect.remote': remote, '@collect.socket': this.socketName });
    if (frame.truncated) fields['@collect.truncated'] = 'true';
    return { text: frame.text, time, fields };
  }

  async stop(): Promise<void> {
    await this.receiver.close(this.server);
  }
}
