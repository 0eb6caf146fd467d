/**
 * Syslog over UDP (one datagram, one message) or TCP (framed by SyslogDecoder). Messages are
 * forwarded as they arrive — RFC 3164, RFC 5424 or neither — and parsed by the data connector's
 * parser, as with the LogScale Collector. Truncated messages carry `@collect.truncated=true`.
 *
 * Backpressure: TCP pauses the socket while the sink's queue is full; UDP cannot push back, so a
 * datagram arriving while the queue is full (fullAction pause) is dropped and counted. UDP is read
 * on a thread of its own (udp-receiver.ts), so a pause of the main thread does not overflow the
 * socket's receive buffer.
 */
import { once } from 'node:events';
import net from 'node:net';
import type { CollectEvent, Source, SourceOutput } from '../../event.js';
import type { Logger } from '../../logger.js';
import { collectFields, eventFields } from '../collect-fields.js';
import { UDP_RECEIVE_BUFFER_DEFAULT } from './config.js';
import type { SyslogSourceConfig } from './config.js';
import { trimMessage } from './decoder.js';
import type { SyslogFrame } from './decoder.js';
import { StreamReceiver } from './stream-receiver.js';
import { UdpReceiver } from './udp-receiver.js';
import type { DatagramBatch } from './udp-receiver.js';

export class SyslogSource implements Source {
  private udp: UdpReceiver | undefined;
  private tcp: net.Server | undefined;
  private readonly receiver: StreamReceiver;
  private readonly base: Readonly<Record<string, string>>;
  private readonly socketName: string;
  private shared: { time: number; remote: string; fields: Record<string, string> } = { time: Number.NaN, remote: '', fields: {} };

  constructor(
    readonly name: string,
    private readonly config: SyslogSourceConfig,
    private readonly output: SourceOutput,
    private readonly log: Logger,
  ) {
    this.base = collectFields(name, 'syslog');
    this.socketName = `:${config.port}/${config.mode.toUpperCase()}`;
    this.receiver = new StreamReceiver(name, config.maxEventSize, output, log, (frame, remote) => this.event(frame, remote));
  }

  describe(): string {
    return `${this.name} (syslog ${this.config.mode} ${this.config.bind}:${this.config.port})`;
  }

  async start(): Promise<void> {
    const { config } = this;
    const receiveBufferSize = config.receiveBufferSize ?? Math.max(UDP_RECEIVE_BUFFER_DEFAULT, 64 * config.maxEventSize);
    if (config.mode === 'udp') {
      this.udp = await UdpReceiver.start(
        { type: net.isIPv6(config.bind) ? 'udp6' : 'udp4', bind: config.bind, port: config.port, recvBufferSize: receiveBufferSize },
        (batch) => this.onDatagrams(batch),
        (error) => this.log.error(`source ${this.name}: socket error`, { error }),
      );
      // Linux reports twice what it grants (the doubling covers its bookkeeping); less than asked means capped.
      if (this.udp.receiveBufferSize < receiveBufferSize) {
        this.log.warn(`source ${this.name}: the kernel capped the UDP receive buffer below receiveBufferSize; raise net.core.rmem_max to avoid drops in bursts`, {
          asked: receiveBufferSize,
          granted: this.udp.receiveBufferSize,
        });
      }
      return;
    }
    const server = net.createServer((socket) => this.receiver.accept(socket));
    server.on('error', (error) => this.log.error(`source ${this.name}: listener error`, { error: error.message }));
    server.listen({ port: config.port, host: config.bind });
    await once(server, 'listening');
    this.tcp = server;
  }

  /** One batch from the UDP thread, queued with one push; while the queue is full (pause) datagrams are dropped and counted. */
  private onDatagrams({ data, lengths, remotes }: DatagramBatch): void {
    if (this.output.blocked()) {
      this.output.dropped('queue_full', lengths.length);
      return;
    }
    const events: CollectEvent[] = [];
    let offset = 0;
    for (let i = 0; i < lengths.length; i++) {
      const message = data.subarray(offset, offset + (lengths[i] ?? 0));
      offset += message.length;
      const text = trimMessage(message, this.config.maxEventSize);
      if (text.length > 0) events.push(this.event({ text, truncated: message.length > this.config.maxEventSize }, remotes[i] ?? '?'));
    }
    if (events.length > 0) this.receiver.track(this.output.emit(events));
  }

  private event(frame: SyslogFrame, remote: string): CollectEvent {
    const time = Date.now();
    // Messages from one peer in the same millisecond share their fields object, so the sink
    // serialises it once for all of them; a truncated message gets its own, marked.
    if (frame.truncated) {
      return { text: frame.text, time, fields: { ...eventFields(this.base, time, { '@collect.remote': remote, '@collect.socket': this.socketName }), '@collect.truncated': 'true' } };
    }
    if (time !== this.shared.time || remote !== this.shared.remote) {
      this.shared = { time, remote, fields: eventFields(this.base, time, { '@collect.remote': remote, '@collect.socket': this.socketName }) };
    }
    return { text: frame.text, time, fields: this.shared.fields };
  }

  async stop(): Promise<void> {
    await this.udp?.close();
    await this.receiver.close(this.tcp);
  }
}
