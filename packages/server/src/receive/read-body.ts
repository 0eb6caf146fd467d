/**
 * Reads a request body under the receiver's size limits, gunzipping as it streams (§6.1, §6.2).
 *
 * Failure behaviour: on the first byte over a limit the reader stops (listeners removed, the request
 * paused) and reports `too-large`; the caller answers 413 and closes the connection rather than read
 * the rest. A client that goes away yields `aborted`, and nothing is answered.
 */
import type { IncomingMessage } from 'node:http';
import { createGunzip } from 'node:zlib';

export type BodyResult =
  | { kind: 'ok'; body: Buffer; wireBytes: number }
  | { kind: 'too-large'; wireBytes: number }
  | { kind: 'bad-gzip'; wireBytes: number }
  | { kind: 'aborted'; wireBytes: number };

export interface BodyLimits {
  maxContentLength: number;
  maxDecodedLength: number;
}

export function readBody(req: IncomingMessage, gzip: boolean, limits: BodyLimits): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let wireBytes = 0;
    let decodedBytes = 0;
    let settled = false;
    const gunzip = gzip ? createGunzip() : undefined;

    const finish = (result: BodyResult): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData).off('end', onEnd).off('error', onAborted).off('close', onClose);
      if (result.kind !== 'ok') {
        req.pause();
        gunzip?.destroy();
      }
      resolve(result);
    };
    const done = (): void => finish({ kind: 'ok', body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, decodedBytes), wireBytes });

    const onData = (chunk: Buffer): void => {
      wireBytes += chunk.length;
      if (wireBytes > limits.maxContentLength) return finish({ kind: 'too-large', wireBytes });
      if (gunzip !== undefined) {
        gunzip.write(chunk);
      } else {
        decodedBytes += chunk.length;
        chunks.push(chunk);
      }
    };
    const onEnd = (): void => {
      if (gunzip === undefined) return done();
      // An empty body declared as gzip is still an empty body: it gets "No data", not a gzip error.
      if (wireBytes === 0) {
        gunzip.destroy();
        return done();
      }
      gunzip.end();
    };
    const onAborted = (): void => finish({ kind: 'aborted', wireBytes });
    const onClose = (): void => {
      if (!req.complete) onAborted();
    };

    if (gunzip !== undefined) {
      gunzip.on('data', (chunk: Buffer) => {
        decodedBytes += chunk.length;
        if (decodedBytes > limits.maxDecodedLength) return finish({ kind: 'too-large', wireBytes });
        chunks.push(chunk);
      });
      gunzip.on('end', done);
      gunzip.on('error', () => finish({ kind: 'bad-gzip', wireBytes }));
    }
    req.on('data', onData).on('end', onEnd).on('error', onAborted).on('close', onClose);
  });
}
