/**
 * A parser as the store keeps it: the fields of the LogScale parser template
 * (`$schema: https://schemas.humio.com/parser/v0.3.0`) plus Hecate's bookkeeping.
 */

/** One assertion on one output event of a test case. */
export interface ParserAssertion {
  outputEventIndex: number;
  /** Field name (`#Vendor`, `event.category[0]`, `@timestamp`) → expected string value. */
  fieldsHaveValues: Record<string, string>;
  fieldsNotPresent: string[];
}

export interface ParserTestCase {
  event: { rawString: string };
  assertions: ParserAssertion[];
}

/** What a user writes: the template's content. */
export interface ParserSpec {
  name: string;
  description: string;
  script: string;
  tagFields: string[];
  fieldsToBeRemovedBeforeParsing: string[];
  testCases: ParserTestCase[];
}

export interface ParserDefinition extends ParserSpec {
  builtIn: boolean;
  /** Native parsers (`raw`, `json`) run as code, not as a script. */
  native: boolean;
  /** Changes whenever the parser changes: the compile cache key. Built-ins: a content hash; custom: a counter. */
  version: string;
  createdAt?: number;
  updatedAt?: number;
}
