/**
 * The shapes of the HEC conformance checker: a check is data — a name, the reference section it
 * comes from, the request to send and the answer splunkd gives per the protocol reference.
 */

/** One HTTP request, relative to the endpoint's base URL. Nothing is added but Host and Content-Length. */
export interface WireRequest {
  method: string;
  /** Path under the base URL, e.g. `/services/collector/event` (may carry its own query). */
  path: string;
  query?: Readonly<Record<string, string>>;
  headers?: Readonly<Record<string, string>>;
  body?: string | Uint8Array;
}

/** What the endpoint answered; `body` is undefined when the answer is not a JSON object. */
export interface WireAnswer {
  status: number;
  text: string;
  contentType: string | undefined;
  body: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Splunk's answer per the reference. `text`/`code` are compared when given; `invalidEventNumber`
 * and `ackId` are compared always (undefined = must be absent) unless `bodyUnspecified` is set,
 * because a stray field is a difference a client can trip over.
 */
export interface Expected {
  status: number;
  text?: string;
  code?: number;
  invalidEventNumber?: number;
  ackId?: number;
  /** The /ack answer's `acks` object, compared as a whole. */
  acks?: Readonly<Record<string, boolean>>;
  /** The reference fixes only the status (e.g. 415: splunkd's body is not recorded). */
  bodyUnspecified?: boolean;
}

/** Which credential a check needs besides `--key`; without it the check is skipped. */
export type Needs = 'ackKey' | 'restrictedKey';

/** What a check may use to build its requests; `channel` is a fresh GUID per check. */
export interface CheckContext {
  readonly key: string;
  readonly ackKey: string | undefined;
  readonly restrictedKey: string | undefined;
  /** Unique per run: put in every event so the run's data can be told apart on the target. */
  readonly marker: string;
  readonly channel: string;
  /** Whether `--key` allows `?token=` (allowQueryStringAuth); default false as in Splunk. */
  readonly queryAuth: boolean;
}

export interface Check {
  name: string;
  /** Reference section, e.g. `§2 auth`. */
  section: string;
  needs?: Needs;
  /** Requests sent before `request` (on the same `channel`); each must answer 200. */
  setup?: (ctx: CheckContext) => WireRequest[];
  request: (ctx: CheckContext) => WireRequest;
  expected: Expected | ((ctx: CheckContext) => Expected);
  /** Re-send `request` until the answer matches, for at most this long (acks turn true once committed). */
  pollMs?: number;
}

export type Outcome = 'pass' | 'diff' | 'skip';

export interface CheckResult {
  name: string;
  section: string;
  outcome: Outcome;
  expected: Expected;
  /** Absent for skipped checks. */
  actual?: { status: number; text: string };
  /** What differs (`status`, `text`, …) or why the check could not run. */
  differences: string[];
  /** Set for skipped checks. */
  skipReason?: string;
}

export interface ConformanceReport {
  target: string;
  marker: string;
  summary: { pass: number; diff: number; skip: number; total: number };
  checks: CheckResult[];
}
