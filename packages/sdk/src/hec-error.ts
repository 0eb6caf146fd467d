/**
 * The one error type of the SDK. Callers test `kind`, `status` and `code` (the HEC code of the
 * protocol reference §3.2), never the message text.
 */
import { HecCode } from '@hecate/hec';

export type HecErrorKind =
  /** The endpoint answered with a non-2xx status (see `status`, `code`, `text`). */
  | 'http'
  /** The connection failed or was reset before an answer arrived. */
  | 'network'
  /** No answer within `timeoutMs`. */
  | 'timeout'
  /** The batch was stored but its ackId did not read true within `ackTimeoutMs`. */
  | 'ack-timeout'
  /** The send was abandoned because another batch of it met an error that fails every batch (bad key). */
  | 'aborted';

export interface HecErrorDetails {
  kind: HecErrorKind;
  status?: number;
  code?: number;
  text?: string;
  invalidEventNumber?: number;
  requestId?: string;
  cause?: unknown;
}

export class HecError extends Error {
  override readonly name = 'HecError';
  readonly kind: HecErrorKind;
  /** HTTP status, when the endpoint answered. */
  readonly status: number | undefined;
  /** HEC `code` of the answer body, when it had one. */
  readonly code: number | undefined;
  /** HEC `text` of the answer body, when it had one. */
  readonly text: string | undefined;
  /** Zero-based position of the rejected envelope within the request, as the endpoint reported it. */
  readonly invalidEventNumber: number | undefined;
  /** The X-Request-Id the batch was sent (and retried) with. */
  readonly requestId: string | undefined;

  constructor(message: string, details: HecErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = details.kind;
    this.status = details.status;
    this.code = details.code;
    this.text = details.text;
    this.invalidEventNumber = details.invalidEventNumber;
    this.requestId = details.requestId;
  }

  /**
   * True when sending the same request again can succeed: network errors, timeouts, 429, 5xx
   * (503 "Server is busy" above all). Other 4xx answers are final.
   */
  get retryable(): boolean {
    if (this.kind === 'network' || this.kind === 'timeout') return true;
    if (this.kind !== 'http' || this.status === undefined) return false;
    return this.status === 429 || this.status >= 500;
  }

  /**
   * True for answers that mean "busy, come back later" (429, and 503 such as HEC code 9 "Server is
   * busy"): retried for as long as `retryTimeoutMs` allows, not counted against `retries`.
   */
  get busy(): boolean {
    return this.kind === 'http' && (this.status === 429 || this.status === 503);
  }

  /** True when every other request with the same key and URL (and proxy) will fail the same way. */
  get failsEveryRequest(): boolean {
    if (this.kind !== 'http') return false;
    // 407: the proxy refused its credentials.
    if (this.status === 401 || this.status === 403 || this.status === 404 || this.status === 405 || this.status === 407) return true;
    return (
      this.code === HecCode.AckDisabled ||
      this.code === HecCode.QueryStringAuthDisabled ||
      this.code === HecCode.InvalidDataChannel ||
      this.code === HecCode.DataChannelMissing
    );
  }
}
