/**
 * Byte-level HTTP for the transport tests: requests whose headers lie about their body, bodies
 * streamed until the server gives up, and Expect: 100-continue handshakes.
 */
import http from 'node:http';
import type { OutgoingHttpHeaders } from 'node:http';
import net from 'node:net';

export interface WireReply {
  /** Status of the final (non-1xx) response, 0 when the connection closed without one. */
  status: number;
  /** Everything the server sent, as text. */
  text: string;
}

/**
 * Writes `head` (request line and headers, without the blank line) and then `body`, and resolves
 * with the first final status the server sends, or when it closes the connection.
 */
export function sendOnSocket(port: number, head: string, body: Buffer | string = '', timeoutMs = 10_000): Promise<WireReply> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no reply within ${timeoutMs} ms; got ${JSON.stringify(received.slice(0, 200))}`));
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ status: finalStatus(received), text: received });
    };
    socket.on('connect', () => {
      socket.write(`${head}\r\n\r\n`);
      if (body.length > 0) socket.write(body);
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      if (finalStatus(received) !== 0 && /\r\n\r\n/.test(received.slice(received.lastIndexOf('HTTP/1.1')))) {
        // Give the body a moment to arrive, then stop.
        setTimeout(finish, 100);
      }
    });
    socket.on('error', () => finish());
    socket.on('close', () => finish());
  });
}

function finalStatus(received: string): number {
  for (const match of received.matchAll(/HTTP\/1\.[01] (\d{3})/g)) {
    const status = Number(match[1]);
    if (status >= 200) return status;
  }
  return 0;
}

/**
 * Streams `total` bytes of `filler` as a chunked body, a piece at a time, and stops writing as
 * soon as the server answers. Resolves with the answer's status (0 if the server only closed).
 */
export function streamChunked(
  port: number,
  urlPath: string,
  headers: OutgoingHttpHeaders,
  prefix: string,
  total: number,
  pieceSize = 64 * 1024,
): Promise<{ status: number; text: string; bytesWritten: number; error?: string }> {
  return new Promise((resolve) => {
    let answered = false;
    let bytesWritten = 0;
    const req = http.request({ host: '127.0.0.1', port, path: urlPath, method: 'POST', headers, agent: false }, (res) => {
      answered = true;
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, bytesWritten }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, text, bytesWritten }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (!answered) resolve({ status: 0, text: '', bytesWritten, error: error.code ?? error.message });
    });
    const piece = Buffer.alloc(pieceSize, 'a');
    const pump = (): void => {
      if (answered || req.destroyed) return;
      if (bytesWritten === 0) {
        req.write(prefix);
        bytesWritten += Buffer.byteLength(prefix);
      }
      if (bytesWritten >= total) {
        req.end('"}');
        return;
      }
      bytesWritten += piece.length;
      if (req.write(piece)) setImmediate(pump);
      else req.once('drain', pump);
    };
    pump();
  });
}

/**
 * Sends a request with `Expect: 100-continue` and writes the body only after the server's
 * 100 Continue. Resolves with whether the interim response came and the final reply.
 */
export function postWithExpectContinue(
  port: number,
  urlPath: string,
  headers: OutgoingHttpHeaders,
  body: string,
): Promise<{ gotContinue: boolean; status: number; text: string }> {
  return new Promise((resolve, reject) => {
    let gotContinue = false;
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: urlPath,
        method: 'POST',
        agent: false,
        headers: { ...headers, expect: '100-continue', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => resolve({ gotContinue, status: res.statusCode ?? 0, text }));
      },
    );
    req.on('continue', () => {
      gotContinue = true;
      req.end(body);
    });
    req.on('error', reject);
    req.flushHeaders();
    setTimeout(() => {
      if (!gotContinue) req.destroy(new Error('no 100 Continue within 5 s'));
    }, 5_000);
  });
}
