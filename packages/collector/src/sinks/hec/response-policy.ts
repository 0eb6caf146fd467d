/**
 * What the sink does with each HEC answer (protocol reference §3, §4.6; docs/hec.md). Pure, so every
 * row is unit-tested: 200 acknowledges, 413 splits, 401/403 stop the sink (retrying a bad token only
 * spins), a 400 that names an event keeps what was stored before it, and other 400s drop what the
 * server refused. Everything else retries with backoff, honouring Retry-After: 503/5xx/429/408, and
 * the answers that say nothing about the events but about where they were sent (a redirect, 404, 405,
 * 407 from a proxy, 415): a wrong URL, proxy or compression setting, or a server not up yet, is worth
 * a loud retry (the sink logs every tenth attempt) until it is fixed, never a silent drop.
 */
import { HecCode } from '@hecate/hec';
import type { HecResponse } from './request-builder.js';

export type ResponseAction =
  | { action: 'ack' }
  | { action: 'retry'; minDelayMs: number; reason: string }
  | { action: 'split' }
  | { action: 'stop'; reason: string }
  /** The first `accepted` records were stored; the one after them was refused; the rest must be resent. */
  | { action: 'partial'; accepted: number; reason: string }
  | { action: 'drop'; reason: string };

/** 4xx answers about the request's destination or the server's state, not about the events. */
const RETRIED: ReadonlySet<number> = new Set([404, 405, 407, 408, 415, 429]);

export function responseAction(response: HecResponse): ResponseAction {
  const { status } = response;
  const body = parseBody(response.body);
  const reason = `HTTP ${status}${body.text === undefined ? '' : ` ${JSON.stringify(body.text)}`}${body.code === undefined ? '' : ` code ${body.code}`}`;
  if (status >= 200 && status < 300) return { action: 'ack' };
  if (status === 413) return { action: 'split' };
  if (status === 401 || status === 403) return { action: 'stop', reason };
  if (status < 400 || RETRIED.has(status) || status >= 500) {
    return { action: 'retry', minDelayMs: (response.retryAfterSeconds ?? 0) * 1000, reason };
  }
  if (status === 400 && body.invalidEventNumber !== undefined) {
    // Splunk reports "Incorrect index" one position too far (a quirk Hecate reproduces).
    const accepted = body.code === HecCode.IncorrectIndex ? body.invalidEventNumber - 1 : body.invalidEventNumber;
    return { action: 'partial', accepted: Math.max(0, accepted), reason };
  }
  return { action: 'drop', reason };
}

interface HecAnswer {
  text?: string;
  code?: number;
  invalidEventNumber?: number;
}

function parseBody(text: string): HecAnswer {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const out: HecAnswer = {};
    if (typeof value.text === 'string') out.text = value.text;
    if (typeof value.code === 'number') out.code = value.code;
    if (typeof value['invalid-event-number'] === 'number') out.invalidEventNumber = value['invalid-event-number'];
    return out;
  } catch {
    return {};
  }
}

/** Exponential backoff with jitter: 250 ms doubling up to 30 s, never below what the server asked for. */
export function backoffMs(attempt: number, minDelayMs = 0): number {
  const base = Math.min(30_000, 250 * 2 ** Math.min(attempt, 10));
  return Math.max(minDelayMs, Math.round(base * (0.8 + Math.random() * 0.4)));
}
