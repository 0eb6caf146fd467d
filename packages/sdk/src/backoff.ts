/** Delay before retry `attempt` (1-based): exponential with full jitter, or the server's Retry-After. */

/** No single wait longer than this, whatever the server asks: a sender stays responsive to close(). */
export const MAX_BACKOFF_MS = 30_000;

export function backoffMs(attempt: number, baseMs: number, retryAfter: string | undefined, random = Math.random): number {
  const seconds = retryAfter === undefined ? Number.NaN : Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) {
    // Honour the server's hint; a little jitter keeps many senders from returning in the same millisecond.
    return Math.min(MAX_BACKOFF_MS, seconds * 1000 + random() * Math.min(baseMs, 250));
  }
  const ceiling = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** (attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
