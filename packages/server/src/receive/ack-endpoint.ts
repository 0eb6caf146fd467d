/** `/services/collector/ack` body handling (protocol reference §7.4). */
import type { HecReply } from '@hecate/hec';
import type { AckRegistry } from './ack-registry.js';

/**
 * Answers `{"acks":[0,1,2]}` with `{"acks":{"0":true,"1":false,"2":true}}`, keys in request order.
 * Returns undefined for a body that is not such a request (400 code 6).
 */
export function answerAckQuery(body: Buffer, channel: string, registry: AckRegistry): HecReply | undefined {
  const ids = parseAckIds(body.toString('utf8'));
  if (ids === undefined) return undefined;
  const statuses = registry.query(channel, ids);
  // Built by hand: a JS object would list integer-like keys in ascending order, not request order.
  const members: string[] = [];
  for (const [id, acked] of statuses) members.push(`"${id}":${acked}`);
  return { status: 200, body: `{"acks":{${members.join(',')}}}` };
}

function parseAckIds(text: string): number[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const acks = (parsed as { acks?: unknown }).acks;
  if (!Array.isArray(acks) || acks.length === 0) return undefined;
  for (const id of acks) if (!Number.isSafeInteger(id) || (id as number) < 0) return undefined;
  return acks as number[];
}
