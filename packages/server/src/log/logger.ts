import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON log on standard output. Never log API keys, tokens or passwords. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'hecate' },
    redact: { paths: ['apiKey', 'token', 'password', 'authorization', '*.apiKey', '*.token', '*.password'], censor: '[redacted]' },
  });
}
