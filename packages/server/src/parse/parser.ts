import type { IncomingEvent } from '../events.js';

/** What a parser produced for one event: extra fields and tags, or the reason it failed. */
export interface ParseOutput {
  fields: Record<string, string>;
  tags: Record<string, string>;
  /** Event time the parser found (Unix ms), when it set `@timestamp`. */
  timestamp?: number;
  /** `@rawstring` when the parser rewrote it (script parsers may; each created event has its own). */
  rawstring?: string;
  error?: string;
}

/** A parser turns one incoming event into fields. Parsers never throw: failures come back as `error`. */
export interface Parser {
  readonly name: string;
  readonly description: string;
  parse(event: IncomingEvent): ParseOutput;
  /**
   * Script parsers: zero (dropped by the parser), one or several events per incoming event.
   * Their output already holds the HEC indexed fields (the script saw them and may have removed
   * some), so the event builder does not add them again. Native parsers leave this undefined.
   */
  parseAll?(event: IncomingEvent): ParseOutput[];
}

/** Finds a connector's parser by name: the registry of built-in and custom parsers, or a plain map in tests. */
export interface ParserLookup {
  get(name: string): Parser | undefined;
}
