import { execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import { once } from 'node:events';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { udpKernelDrops } from './udp-drops.js';

describe.skipIf(!fs.existsSync('/proc/net/udp'))('udpKernelDrops', () => {
  it('counts datagrams the kernel dropped on a full receive buffer of one of our sockets', async () => {
    const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 4096 });
    socket.bind(0, '127.0.0.1');
    await once(socket, 'listening');
    const { port } = socket.address();
    try {
      expect(udpKernelDrops()?.get(port)).toBe(0);
      // The sender runs while this process is blocked in execFileSync, so nothing reads the socket
      // and its small buffer overflows.
      const send = `const s=require('dgram').createSocket('udp4');let n=0;const b=Buffer.alloc(1000,97);` +
        `(function go(){if(n++<500)s.send(b,${port},'127.0.0.1',go);else s.close();})();`;
      execFileSync(process.execPath, ['-e', send]);
      expect(udpKernelDrops()?.get(port)).toBeGreaterThan(0);
    } finally {
      socket.close();
    }
  });

  it('ignores ports this process has no socket on', () => {
    expect(udpKernelDrops()?.has(1)).toBe(false);
  });
});
