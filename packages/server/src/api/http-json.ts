import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './api-error.js';

const MAX_JSON_BODY = 1024 * 1024;

/** Reads a JSON request body (at most 1 MiB). An empty body reads as `{}`. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_JSON_BODY) {
    req.resume();
    throw new ApiError('BODY_TOO_LARGE', `the request body must be at most ${MAX_JSON_BODY} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_BODY) throw new ApiError('BODY_TOO_LARGE', `the request body must be at most ${MAX_JSON_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError('BAD_JSON', `the request body is not valid JSON: ${(err as Error).message}`);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}
