/** Writes an HEC reply: every response has a JSON body and splunkd's Content-Type. */
import type { ServerResponse } from 'node:http';
import type { HecReply } from '@hecate/hec';

export const JSON_CONTENT_TYPE = 'application/json; charset=UTF-8';

export function sendReply(res: ServerResponse, reply: HecReply, headers?: Record<string, string>): void {
  res.writeHead(reply.status, {
    ...headers,
    'Content-Type': JSON_CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(reply.body),
  });
  res.end(reply.body);
}
