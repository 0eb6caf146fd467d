/**
 * Every parser-safe function of the registry, by name. The Record type makes a registry entry
 * without an implementation a compile error.
 */
import type { ParserFunctionName } from '../../check/function-registry.js';
import type { FunctionImpl } from '../function-impl.js';
import { createEventsFn, splitFn } from './event-functions.js';
import { arrayAppendFn, dropFn, renameFn, replaceFn, selectFn, splitStringFn } from './field-functions.js';
import { kvParseFn } from './kv-parse.js';
import { parseCefFn } from './parse-cef.js';
import { parseCsvFn } from './parse-csv.js';
import { parseLeefFn } from './parse-leef.js';
import { parseXmlFn } from './parse-xml.js';
import { parseJsonFn } from './parse-json.js';
import { regexFn } from './regex-function.js';
import { formatTimeFn, parseTimestampFn } from './time-functions.js';
import { findTimestampFn } from './find-timestamp.js';
import {
  cidrFn, coalesceFn, concatFn, defaultFn, dropEventFn, evalFn, formatFn, ifFn, inFn, lengthFn, lowerFn, testFn, upperFn, wildcardFn,
} from './value-functions.js';

export const IMPLEMENTATIONS: Readonly<Record<ParserFunctionName, FunctionImpl>> = {
  parseJson: parseJsonFn,
  kvParse: kvParseFn,
  regex: regexFn,
  parseTimestamp: parseTimestampFn,
  findTimestamp: findTimestampFn,
  parseCEF: parseCefFn,
  parseCsv: parseCsvFn,
  parseLEEF: parseLeefFn,
  parseXml: parseXmlFn,
  eval: evalFn,
  if: ifFn,
  test: testFn,
  replace: replaceFn,
  format: formatFn,
  lower: lowerFn,
  upper: upperFn,
  length: lengthFn,
  concat: concatFn,
  coalesce: coalesceFn,
  default: defaultFn,
  splitString: splitStringFn,
  formatTime: formatTimeFn,
  in: inFn,
  wildcard: wildcardFn,
  cidr: cidrFn,
  dropEvent: dropEventFn,
  drop: dropFn,
  rename: renameFn,
  select: selectFn,
  'array:append': arrayAppendFn,
  split: splitFn,
  createEvents: createEventsFn,
};
