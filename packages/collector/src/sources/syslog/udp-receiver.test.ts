import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { UdpReceiver } from './udp-receiver.js';
import type { DatagramBatch } from './udp-receiver.js';

const receivers: UdpReceiver[] = [];
afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close();
});

async function start(onBatch: (batch: DatagramBatch) => void, port = 0): Promise<UdpReceiver> {
  const receiver = await UdpReceiver.start({ type: 'udp4', bind: '127.0.0.1', port, recvBufferSize: 1 << 20 }, onBatch, () => {});
  receivers.push(receiver);
  return receiver;
}

function send(port: number, messages: string[]): Promise<number> {
  const socket = dgram.createSocket('udp4');
  return new Promise((resolve) => {
    let i = 0;
    const next = (): void => {
      if (i === messages.length) {
        const { port: from } = socket.address();
        socket.close(() => resolve(from));
        return;
      }
      socket.send(messages[i++] ?? '', port, '127.0.0.1', next);
    };
    next();
  });
}

describe('UdpReceiver', () => {
  it('hands over every datagram in order, with its sender, in batches', async () => {
    const received: string[] = [];
    const senders = new Set<string>();
    const receiver = await start((batch) => {
      let offset = 0;
      batch.lengths.forEach((length, i) => {
        received.push(batch.data.toString('utf8', offset, offset + length));
        senders.add(batch.remotes[i] ?? '');
        offset += length;
      });
    });
    const messages = Array.from({ length: 500 }, (_, i) => `<13>message ${i} ${'é'.repeat(i % 7)}`);
    const from = await send(receiver.port, messages);
    // Sent means in the socket's buffer; the thread reads it a moment later (what is still in the
    // buffer at close is lost, as with any UDP socket).
    for (let i = 0; i < 200 && received.length < messages.length; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(received).toEqual(messages);
    expect([...senders]).toEqual([`127.0.0.1:${from}`]);
  });

  it('refuses to start on a port another socket holds, saying why', async () => {
    const first = await start(() => {});
    await expect(UdpReceiver.start({ type: 'udp4', bind: '127.0.0.1', port: first.port, recvBufferSize: 65536 }, () => {}, () => {})).rejects.toThrow(/EADDRINUSE/);
  });
});
