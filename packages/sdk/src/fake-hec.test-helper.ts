/**
 * A scripted HEC endpoint on a loopback port for the SDK's unit tests: each request is recorded and
 * answered by the test's handler (a reply, or 'destroy' to cut the connection).
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface SeenRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export type FakeReply = { status: number; body: unknown; headers?: Record<string, string>; delayMs?: number } | 'destroy';

export interface FakeHec {
  url: string;
  requests: SeenRequest[];
  /** Most requests the endpoint was answering at the same time. */
  maxActive(): number;
  close(): Promise<void>;
}

export async function fakeHec(handler: (req: SeenRequest, index: number) => FakeReply): Promise<FakeHec> {
  const requests: SeenRequest[] = [];
  let active = 0;
  let maxActive = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let bytes = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') bytes = gunzipSync(bytes);
      const seen = { path: req.url ?? '', headers: req.headers, body: bytes.toString('utf8'), at: Date.now() };
      requests.push(seen);
      const reply = handler(seen, requests.length - 1);
      if (reply === 'destroy') {
        req.socket.destroy();
        return;
      }
      active++;
      maxActive = Math.max(maxActive, active);
      setTimeout(() => {
        active--;
        res.writeHead(reply.status, { 'content-type': 'application/json', ...(reply.headers ?? {}) });
        res.end(JSON.stringify(reply.body));
      }, reply.delayMs ?? 0);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    maxActive: () => maxActive,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const OK = { status: 200, body: { text: 'Success', code: 0 } } as const;

/** Envelopes of a JSON request body (one per line, as the SDK sends them). */
export function envelopesOf(req: SeenRequest): Array<Record<string, unknown>> {
  return req.body.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}
