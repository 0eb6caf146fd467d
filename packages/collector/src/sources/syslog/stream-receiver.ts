/**
 * The connection side shared by syslog over TCP and over TLS: each connection's bytes are framed by
 * SyslogDecoder (newlines or RFC 6587 octet counts) and queued. A socket is paused while its events
 * are being queued, so a full queue slows the sender down through TCP flow control instead of
 * growing memory. `close` stops the listener, ends the connections (destroying them after a grace
 * second) and waits until everything already read is queued.
 */
import type net from 'node:net';
import type { CollectEvent, SourceOutput } from '../../event.js';
import type { Logger } from '../../logger.js';
import { SyslogDecoder } from './decoder.js';
import type { SyslogFrame } from './decoder.js';

/** How long `close` lets senders finish what they were writing before their connections go. */
const CLOSE_GRACE_MS = 1_000;

export class StreamReceiver {
  private readonly connections = new Set<net.Socket>();
  /** The TCP sockets under TLS connections, from before their handshake (see watch). */
  private readonly rawSockets = new Set<net.Socket>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly sourceName: string,
    private readonly maxEventSize: number,
    private readonly output: SourceOutput,
    private readonly log: Logger,
    private readonly toEvent: (frame: SyslogFrame, remote: string) => CollectEvent,
  ) {}

  /** Reads one connection (plain or TLS) until the sender closes it. */
  accept(socket: net.Socket): void {
    this.connections.add(socket);
    const remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
    const decoder = new SyslogDecoder(this.maxEventSize);
    const forward = (frames: SyslogFrame[]): void => {
      if (frames.length === 0) return;
      const done = this.output.emit(frames.map((frame) => this.toEvent(frame, remote)));
      // Stop reading until the queue took these: TCP flow control then slows the sender down.
      socket.pause();
      this.track(done.finally(() => socket.resume()));
    };
    socket.on('data', (chunk: Buffer) => forward(decoder.push(chunk)));
    socket.on('end', () => forward(decoder.end()));
    socket.on('error', (error) => this.log.debug(`source ${this.sourceName}: connection error`, { remote, error: error.message }));
    socket.on('close', () => this.connections.delete(socket));
  }

  /**
   * Notes a TCP socket as it arrives, before a TLS handshake on it ends (or never does): `close`
   * destroys it after the grace period like the connections it reads.
   */
  watch(socket: net.Socket): void {
    this.rawSockets.add(socket);
    socket.on('close', () => this.rawSockets.delete(socket));
  }

  /** Follows a queueing promise so `close` can wait for it; a failure is logged, not thrown. */
  track(promise: Promise<void>): void {
    const tracked = promise.catch((error: Error) => this.log.error(`source ${this.sourceName}: could not queue events`, { error: error.message }));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  async close(server: net.Server | undefined): Promise<void> {
    if (server !== undefined) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of this.connections) socket.end();
      setTimeout(() => {
        for (const socket of this.connections) socket.destroy();
        for (const socket of this.rawSockets) socket.destroy();
      }, CLOSE_GRACE_MS).unref();
      await closed;
    }
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}
