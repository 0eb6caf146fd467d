import type { IncomingEvent } from '../events.js';

/** What a parser produced for one event: extra fields and tags, or the reason it failed. */
export interface ParseOutput {
  fields: Record<string, string>;
  tags: Record<string, string>;
  /** Event time the parser found (Unix ms), when it set `@timestamp`. */
  timestamp?: number;
  error?: string;
}

/** A parser turns one incoming event into fields. Parsers never throw: failures come back as `error`. */
export interface Parser {
  readonly name: string;
  readonly description: string;
  parse(event: IncomingEvent): ParseOutput;
}
