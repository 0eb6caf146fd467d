/**
 * Sends one HEC request and retries it until it is answered for good.
 *
 * Retried: network errors, timeouts, 429 and 5xx (503 code 9 "Server is busy" above all), after an
 * exponential backoff with jitter, or after the server's `Retry-After`, within the budgets of
 * `retry-budget` (busy answers: `retryTimeoutMs`; other failures: `retries` as well). Every attempt
 * carries the same `X-Request-Id`, so an attempt that was stored although its answer was lost is
 * answered from the server's dedup table instead of being stored twice. Any other answer is final: 2xx
 * resolves, the rest rejects with a HecError.
 */
import { gzip as gzipCallback } from 'node:zlib';
import { promisify } from 'node:util';
import { sleep } from './backoff.js';
import { answerError, parseAnswer } from './hec-answer.js';
import type { HecAnswerBody } from './hec-answer.js';
import { HecError } from './hec-error.js';
import { RetryBudget } from './retry-budget.js';
import type { SendContext } from './send-context.js';

const gzip = promisify(gzipCallback);

export interface HecPost {
  /** `/services/collector/event`, `/services/collector/raw`, `/services/collector/ack`. */
  path: string;
  query?: Record<string, string>;
  body: Uint8Array;
  contentType: string;
  requestId?: string;
}

export function headersFor(ctx: SendContext, contentType: string): Record<string, string> {
  const headers: Record<string, string> = { authorization: `Splunk ${ctx.options.apiKey}`, 'content-type': contentType };
  if (ctx.options.channel !== undefined) headers['x-splunk-request-channel'] = ctx.options.channel;
  return headers;
}

export async function postWithRetry(ctx: SendContext, post: HecPost): Promise<HecAnswerBody> {
  const { options, transport, log } = ctx;
  const headers = headersFor(ctx, post.contentType);
  if (post.requestId !== undefined) headers['x-request-id'] = post.requestId;
  let body = post.body;
  if (options.gzip) {
    body = await gzip(post.body);
    headers['content-encoding'] = 'gzip';
  }
  const query = post.query === undefined || Object.keys(post.query).length === 0 ? '' : `?${new URLSearchParams(post.query).toString()}`;
  const url = `${options.baseUrl}${post.path}${query}`;
  const budget = new RetryBudget(options);
  for (;;) {
    let error: HecError;
    let retryAfter: string | undefined;
    try {
      const response = await transport.request({ method: 'POST', url, headers, body, timeoutMs: options.timeoutMs });
      const answer = parseAnswer(response.text);
      if (response.status >= 200 && response.status < 300) return answer;
      error = answerError(response, answer, post.requestId);
      retryAfter = response.headers['retry-after'];
    } catch (caught) {
      if (!(caught instanceof HecError)) throw caught;
      error = caught;
    }
    const wait = budget.nextDelay(error, retryAfter);
    if (wait === undefined) {
      const final = budget.exhausted(error);
      if (final !== error) log('warn', `${post.path} ${post.requestId ?? ''}: ${final.message}`);
      throw final;
    }
    log('debug', `${post.path} ${post.requestId ?? ''}: ${error.message}; attempt ${budget.attemptCount} in ${Math.round(wait)} ms`);
    await sleep(wait);
  }
}
