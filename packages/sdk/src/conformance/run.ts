/**
 * Runs the check table against one endpoint, one check at a time (ack numbering is per channel and
 * each check has its own, but serial runs keep a slow endpoint's answers in order and readable).
 */
import { randomUUID } from 'node:crypto';
import { CHECKS } from './checks.js';
import { differences } from './compare.js';
import type { Check, CheckContext, CheckResult, ConformanceReport, Expected, WireAnswer } from './types.js';
import { send } from './wire.js';
import type { WireOptions } from './wire.js';

export interface ConformanceOptions {
  /** Any HEC URL: with or without `/services/collector…`. */
  url: string;
  key: string;
  /** A token with indexer acknowledgement on; without it the ack checks are skipped. */
  ackKey?: string;
  /** A token with an index allow-list (holding its default index); without it the code-7 checks are skipped. */
  restrictedKey?: string;
  /** `--key` allows `?token=` (then that check expects 200, not code 16). */
  queryAuth?: boolean;
  timeoutMs?: number;
  insecure?: boolean;
  ca?: string | Buffer;
  /** Called after each check, for progress output. */
  onResult?: (result: CheckResult) => void;
  /** Run only these checks (default: all). */
  checks?: readonly Check[];
}

const POLL_EVERY_MS = 200;
const COLLECTOR_PATH = /\/services\/collector(\/.*)?$/;

/** The endpoint's base: the URL without any `/services/collector…` path and without a trailing slash. */
export function baseUrlOf(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new TypeError(`${url}: not an http(s) URL`);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(COLLECTOR_PATH, '').replace(/\/+$/, '')}`;
}

export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const wire: WireOptions = {
    baseUrl: baseUrlOf(options.url),
    timeoutMs: options.timeoutMs ?? 15_000,
    insecure: options.insecure ?? false,
    ...(options.ca === undefined ? {} : { ca: options.ca }),
  };
  const marker = `hecate-conformance-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
  const results: CheckResult[] = [];
  for (const check of options.checks ?? CHECKS) {
    const ctx: CheckContext = {
      key: options.key,
      ackKey: options.ackKey,
      restrictedKey: options.restrictedKey,
      marker,
      channel: randomUUID(),
      queryAuth: options.queryAuth ?? false,
    };
    const result = await runCheck(wire, check, ctx);
    results.push(result);
    options.onResult?.(result);
  }
  const count = (outcome: CheckResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
  return {
    target: wire.baseUrl,
    marker,
    summary: { pass: count('pass'), diff: count('diff'), skip: count('skip'), total: results.length },
    checks: results,
  };
}

async function runCheck(wire: WireOptions, check: Check, ctx: CheckContext): Promise<CheckResult> {
  const expected: Expected = typeof check.expected === 'function' ? check.expected(ctx) : check.expected;
  const base = { name: check.name, section: check.section, expected };
  if (check.needs !== undefined && ctx[check.needs] === undefined) {
    const flag = check.needs === 'ackKey' ? '--ack-key' : '--restricted-key';
    return { ...base, outcome: 'skip', differences: [], skipReason: `needs ${flag}` };
  }
  try {
    for (const request of check.setup?.(ctx) ?? []) {
      const answer = await send(wire, request);
      if (answer.status !== 200) {
        return { ...base, outcome: 'diff', actual: { status: answer.status, text: answer.text }, differences: [`setup request answered ${answer.status}`] };
      }
    }
    const deadline = Date.now() + (check.pollMs ?? 0);
    let answer: WireAnswer;
    let diffs: string[];
    for (;;) {
      answer = await send(wire, check.request(ctx));
      diffs = differences(expected, answer);
      if (diffs.length === 0 || Date.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
    }
    return { ...base, outcome: diffs.length === 0 ? 'pass' : 'diff', actual: { status: answer.status, text: answer.text }, differences: diffs };
  } catch (error) {
    return { ...base, outcome: 'diff', differences: [`request failed: ${(error as Error).message}`] };
  }
}
