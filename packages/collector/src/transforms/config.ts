import type { ObjectSchema } from '../config/schema-types.js';

export interface RegexFilterConfig {
  type: 'regex_filter';
  mode: 'include' | 'exclude';
  pattern: string;
}

export interface StaticFieldsConfig {
  type: 'static_fields';
  fields: Record<string, string>;
}

export type TransformConfig = RegexFilterConfig | StaticFieldsConfig;

export const REGEX_FILTER_SCHEMA: ObjectSchema = {
  kind: 'object',
  description: 'Keeps or drops events whose text matches a regular expression. Several filters on one source must all pass.',
  keys: {
    mode: { kind: 'enum', values: ['include', 'exclude'], required: true, description: '`include` keeps only matching events; `exclude` drops matching events.' },
    pattern: { kind: 'string', required: true, description: 'A JavaScript regular expression, matched against the event text.' },
  },
};

export const STATIC_FIELDS_SCHEMA: ObjectSchema = {
  kind: 'object',
  description: 'Adds fixed fields to every event (values may use `${VAR}`).',
  keys: {
    fields: { kind: 'stringMap', required: true, description: 'Field names and values, sent as HEC indexed fields. Names starting with `@collect.` are the collector\'s own metadata: ignored here.' },
  },
};
