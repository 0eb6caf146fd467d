/**
 * Logging for the SDK. Every message passes through one redaction step that replaces the secrets (the
 * API key, the proxy's credentials in every form), any `Splunk`/`Bearer`/`Basic` credential and any
 * `user:password@` in a URL before it reaches the caller's logger, so no code path can print them.
 */

export interface HecLogger {
  debug?(message: string): void;
  info?(message: string): void;
  warn?(message: string): void;
  error?(message: string): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type Log = (level: LogLevel, message: string) => void;

const CREDENTIAL = /\b(Splunk|Bearer|Basic)\s+[^\s"',]+/gi;
const URL_USERINFO = /\/\/[^\s/@]+@/g;

export function redact(message: string, secrets: readonly string[]): string {
  let out = message;
  // Longest first, so a secret that contains another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) if (secret !== '') out = out.split(secret).join('***');
  return out.replace(CREDENTIAL, '$1 ***').replace(URL_USERINFO, '//***@');
}

/** A log function bound to the caller's logger (or a no-op) that never emits any of `secrets`. */
export function redactingLog(logger: HecLogger | undefined, secrets: readonly string[]): Log {
  if (logger === undefined) return () => undefined;
  return (level, message) => {
    const write = logger[level];
    if (write !== undefined) write.call(logger, redact(message, secrets));
  };
}
