import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON log on standard output. Never log API keys, tokens or passwords. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'hecate' },
    // A second guard only: log lines are built from chosen fields, never from headers, query strings or bodies.
    redact: {
      paths: ['apiKey', 'token', 'password', 'authorization', 'metricsToken', '*.apiKey', '*.token', '*.password', '*.metricsToken', 'headers.authorization', '*.headers.authorization'],
      censor: '[redacted]',
    },
  });
}
