import { once } from 'node:events';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HEC } from './hec.js';
import type { HecError } from './hec-error.js';

let silent: net.Server | undefined;
const accepted: net.Socket[] = [];

afterEach(async () => {
  for (const socket of accepted.splice(0)) socket.destroy();
  silent?.close();
  silent = undefined;
});

/** A "proxy" that accepts connections and never says a word. */
async function silentProxy(): Promise<number> {
  silent = net.createServer((socket) => accepted.push(socket));
  silent.listen(0, '127.0.0.1');
  await once(silent, 'listening');
  return (silent.address() as AddressInfo).port;
}

describe('a proxy that never answers', () => {
  it.each(['http', 'https'])('fails a request to an %s target with a timeout error, not a hang', async (scheme) => {
    const port = await silentProxy();
    const hec = new HEC({ url: `${scheme}://hec.invalid:8088`, apiKey: 'k', proxy: `http://127.0.0.1:${port}`, timeoutMs: 200, retries: 0 });
    const error = (await hec.sendEvent('x').catch((e: unknown) => e)) as HecError;
    await hec.close();
    expect(error).toMatchObject({ name: 'HecError', kind: 'timeout' });
    expect(accepted.length).toBe(1);
  });
});
