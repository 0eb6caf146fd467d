/**
 * Syslog over UDP (one datagram, one message) or TCP (framed by SyslogDecoder). Messages are
 * forwarded as they arrive — RFC 3164, RFC 5424 or neither — and parsed by the data connector's
 * parser, as with the LogScale Collector. Truncated messages carry `@collect.truncated=true`.
 *
 * Backpressure: TCP pauses the socket while the sink's queue is full; UDP cannot push back, so a
 * datagram arriving while the queue is full (fullAction pause) is dropped and counted.
 */
import dgram from 'node:dgram';
import { once } from 'node:events';
import net from 'node:net';
import type { CollectEvent, Source, SourceOutput } from '../../event.js';
import type { Logger } from '../../logger.js';
import { collectFields, eventFields } from '../collect-fields.js';
import type { SyslogSourceConfig } from './config.js';
import { SyslogDecoder, trimMessage } from './decoder.js';
import type { SyslogFrame } from './decoder.js';

export class SyslogSource implements Source {
  private udp: dgram.Socket | undefined;
  private tcp: net.Server | undefined;
  private readonly connections = new Set<net.Socket>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly base: Readonly<Record<string, string>>;
  private readonly socketName: string;

  constructor(
    readonly name: string,
    private readonly config: SyslogSourceConfig,
    private readonly output: SourceOutput,
    private readonly log: Logger,
  ) {
    this.base = collectFields(name, 'syslog');
    this.socketName = `:${config.port}/${config.mode.toUpperCase()}`;
  }

  describe(): string {
    return `${this.name} (syslog ${this.config.mode} ${this.config.bind}:${this.config.port})`;
  }

  async start(): Promise<void> {
    const { config } = this;
    const receiveBufferSize = config.receiveBufferSize ?? 64 * config.maxEventSize;
    if (config.mode === 'udp') {
      const socket = dgram.createSocket({ type: net.isIPv6(config.bind) ? 'udp6' : 'udp4', recvBufferSize: receiveBufferSize });
      socket.on('message', (message, remote) => this.onDatagram(message, `${remote.address}:${remote.port}`));
      socket.on('error', (error) => this.log.error(`source ${this.name}: socket error`, { error: error.message }));
      socket.bind(config.port, config.bind);
      await once(socket, 'listening');
      this.udp = socket;
      return;
    }
    const server = net.createServer((socket) => this.onConnection(socket));
    server.on('error', (error) => this.log.error(`source ${this.name}: listener error`, { error: error.message }));
    server.listen({ port: config.port, host: config.bind });
    await once(server, 'listening');
    this.tcp = server;
  }

  private onDatagram(message: Buffer, remote: string): void {
    if (this.output.blocked()) {
      this.output.dropped('queue_full', 1);
      return;
    }
    const text = trimMessage(message, this.config.maxEventSize);
    if (text.length === 0) return;
    this.track(this.output.emit([this.event({ text, truncated: message.length > this.config.maxEventSize }, remote)]));
  }

  private onConnection(socket: net.Socket): void {
    this.connections.add(socket);
    const remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
    const decoder = new SyslogDecoder(this.config.maxEventSize);
    const forward = (frames: SyslogFrame[]): void => {
      if (frames.length === 0) return;
      const done = this.output.emit(frames.map((frame) => this.event(frame, remote)));
      // Stop reading until the queue took these: TCP flow control then slows the sender down.
      socket.pause();
      this.track(done.finally(() => socket.resume()));
    };
    socket.on('data', (chunk: Buffer) => forward(decoder.push(chunk)));
    socket.on('end', () => forward(decoder.end()));
    socket.on('error', (error) => this.log.debug(`source ${this.name}: connection error`, { remote, error: error.message }));
    socket.on('close', () => this.connections.delete(socket));
  }

  private event(frame: SyslogFrame, remote: string): CollectEvent {
    const time = Date.now();
    const fields = eventFields(this.base, time, { '@collect.remote': remote, '@collect.socket': this.socketName });
    if (frame.truncated) fields['@collect.truncated'] = 'true';
    return { text: frame.text, time, fields };
  }

  private track(promise: Promise<void>): void {
    const tracked = promise.catch((error: Error) => this.log.error(`source ${this.name}: could not queue events`, { error: error.message }));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  async stop(): Promise<void> {
    if (this.udp !== undefined) await new Promise<void>((resolve) => this.udp?.close(() => resolve()));
    if (this.tcp !== undefined) {
      const closed = new Promise<void>((resolve) => this.tcp?.close(() => resolve()));
      for (const socket of this.connections) socket.end();
      // Give senders a moment to finish what they were writing; then the connections go.
      setTimeout(() => {
        for (const socket of this.connections) socket.destroy();
      }, 1_000).unref();
      await closed;
    }
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}
