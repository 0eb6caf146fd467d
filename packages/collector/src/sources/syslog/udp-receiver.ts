/**
 * A UDP socket read on its own worker thread, handing datagrams to the main thread in batches.
 *
 * Why a thread: the kernel keeps at most receiveBufferSize bytes for a socket nobody reads (128 KiB
 * holds about 8 ms of traffic at 30,000 datagrams/s once the kernel's per-packet overhead is
 * counted; the default is 4 MiB, see config.ts). A main thread that stops for a garbage collection or a
 * batch of encoding stops that long, and the datagrams arriving meanwhile were lost. The worker does
 * nothing but read and forward, so it is never away for long; what the main thread has not taken
 * yet waits in the message channel instead of overflowing the socket.
 *
 * Protocol (worker → main): `listening {port, recvBufferSize}`, `error {message}`, `batch {data, lengths, remotes}`
 * (the datagrams concatenated in a transferred buffer), `closed`. Main → worker: `close`.
 *
 * The worker is plain JavaScript evaluated from a string: it works the same from the sources under
 * test and from the built package, with no path to resolve.
 */
import { Worker } from 'node:worker_threads';

export interface UdpReceiverOptions {
  type: 'udp4' | 'udp6';
  bind: string;
  port: number;
  recvBufferSize: number;
}

/** Datagrams in arrival order: `lengths[i]` bytes of `data` from `remotes[i]` (`address:port`). */
export interface DatagramBatch {
  data: Buffer;
  lengths: number[];
  remotes: string[];
}

type WorkerMessage =
  | { type: 'listening'; port: number; recvBufferSize: number }
  | { type: 'error'; message: string }
  | { type: 'batch'; data: Uint8Array; lengths: number[]; remotes: string[] }
  | { type: 'closed' };

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const dgram = require('node:dgram');
const socket = dgram.createSocket({ type: workerData.type, recvBufferSize: workerData.recvBufferSize });
let datagrams = [];
let remotes = [];
let bytes = 0;
function flush() {
  if (datagrams.length === 0) return;
  // A buffer of its own (not a slice of Node's shared pool), so it can be transferred.
  const data = Buffer.allocUnsafeSlow(bytes);
  let offset = 0;
  const lengths = datagrams.map((d) => { d.copy(data, offset); offset += d.length; return d.length; });
  parentPort.postMessage({ type: 'batch', data, lengths, remotes }, [data.buffer]);
  datagrams = [];
  remotes = [];
  bytes = 0;
}
socket.on('message', (message, remote) => {
  if (datagrams.length === 0) setImmediate(flush);
  datagrams.push(message);
  remotes.push(remote.address + ':' + remote.port);
  bytes += message.length;
});
socket.on('error', (error) => parentPort.postMessage({ type: 'error', message: error.message }));
socket.bind(workerData.port, workerData.bind, () => parentPort.postMessage({ type: 'listening', port: socket.address().port, recvBufferSize: socket.getRecvBufferSize() }));
parentPort.on('message', (message) => {
  if (message.type !== 'close') return;
  socket.close(() => {
    flush();
    parentPort.postMessage({ type: 'closed' });
    parentPort.close();
  });
});
`;

export class UdpReceiver {
  /** Resolves when the worker said `closed`: its last batch has been handed over (messages keep their order). */
  private readonly closed: Promise<void>;
  private markClosed: () => void = () => {};

  private constructor(
    private readonly worker: Worker,
    /** The bound port (the one asked for, or the one the system chose for port 0). */
    readonly port: number,
    /** SO_RCVBUF as the kernel reports it (Linux: twice what it granted). */
    readonly receiveBufferSize: number,
  ) {
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
  }

  /** Binds the socket; rejects when it cannot (port in use, address not local). */
  static start(options: UdpReceiverOptions, onBatch: (batch: DatagramBatch) => void, onError: (message: string) => void): Promise<UdpReceiver> {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: options });
    return new Promise((resolve, reject) => {
      let receiver: UdpReceiver | undefined;
      worker.on('message', (message: WorkerMessage) => {
        switch (message.type) {
          case 'listening':
            receiver = new UdpReceiver(worker, message.port, message.recvBufferSize);
            resolve(receiver);
            break;
          case 'error':
            if (receiver === undefined) {
              reject(new Error(message.message));
              void worker.terminate();
            } else onError(message.message);
            break;
          case 'batch':
            onBatch({ data: Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength), lengths: message.lengths, remotes: message.remotes });
            break;
          case 'closed':
            receiver?.markClosed();
            break;
        }
      });
      worker.on('error', (error) => (receiver === undefined ? reject(error) : onError(error.message)));
    });
  }

  /** Closes the socket; resolves once every datagram read before is handed over and the thread ended. */
  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ type: 'close' });
    await Promise.race([this.closed, exited]);
    await exited;
  }
}
