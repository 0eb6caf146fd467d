/** Compares an answer with Splunk's, field by field, so a report says exactly what differs. */
import type { Expected, WireAnswer } from './types.js';

/** Names of what differs; empty when the answer is Splunk's. */
export function differences(expected: Expected, answer: WireAnswer): string[] {
  const out: string[] = [];
  if (answer.status !== expected.status) out.push('status');
  if (expected.bodyUnspecified === true) return out;
  const body = answer.body;
  // Clients call response.json() on every answer (FalconPy does on < 400): a non-JSON body is a difference.
  if (body === undefined) return [...out, 'body is not a JSON object'];
  if (expected.text !== undefined && body.text !== expected.text) out.push('text');
  if (expected.code !== undefined && body.code !== expected.code) out.push('code');
  if (expected.acks !== undefined && !sameAcks(expected.acks, body.acks)) out.push('acks');
  if (expected.acks === undefined) {
    if (body['invalid-event-number'] !== expected.invalidEventNumber) out.push('invalid-event-number');
    if (body.ackId !== expected.ackId) out.push('ackId');
  }
  return out;
}

function sameAcks(expected: Readonly<Record<string, boolean>>, actual: unknown): boolean {
  if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
  const got = actual as Record<string, unknown>;
  const keys = Object.keys(expected);
  return Object.keys(got).length === keys.length && keys.every((key) => got[key] === expected[key]);
}

/** The expected answer as splunkd would write it (compact JSON, key order text, code, …). */
export function expectedText(expected: Expected): string {
  if (expected.bodyUnspecified === true) return `${expected.status} (body not specified by the reference)`;
  if (expected.acks !== undefined) return `${expected.status} ${JSON.stringify({ acks: expected.acks })}`;
  const body: Record<string, unknown> = { text: expected.text, code: expected.code };
  if (expected.invalidEventNumber !== undefined) body['invalid-event-number'] = expected.invalidEventNumber;
  if (expected.ackId !== undefined) body.ackId = expected.ackId;
  return `${expected.status} ${JSON.stringify(body)}`;
}
