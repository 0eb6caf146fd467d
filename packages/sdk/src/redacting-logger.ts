/**
 * Logging for the SDK. Every message passes through one redaction step that replaces the API key (and
 * any `Splunk`/`Bearer` credential) before it reaches the caller's logger, so no code path can print it.
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

export function redact(message: string, secret: string): string {
  let out = secret === '' ? message : message.split(secret).join('***');
  out = out.replace(CREDENTIAL, '$1 ***');
  return out;
}

/** A log function bound to the caller's logger (or a no-op) that never emits `secret`. */
export function redactingLog(logger: HecLogger | undefined, secret: string): Log {
  if (logger === undefined) return () => undefined;
  return (level, message) => {
    const write = logger[level];
    if (write !== undefined) write.call(logger, redact(message, secret));
  };
}
