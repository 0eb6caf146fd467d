/**
 * The config schema as data. Every key is declared once here (type, default, allowed values,
 * description); the validator, the defaults and the generated reference in docs/collector.md all
 * read the same declarations, so they cannot disagree.
 */
interface Common {
  description: string;
  required?: boolean;
  /** What the docs show as the default when it is not a literal (e.g. derived from another key). */
  defaultText?: string;
  /** The LogScale Collector key this one corresponds to, when the name or meaning differs. */
  logscale?: string;
}

export interface StringSchema extends Common {
  kind: 'string';
  default?: string;
  /**
   * A rule the value must follow beyond being text: returns the whole message when it does not
   * (the check quotes the value itself, so it can leave out secrets such as proxy passwords).
   */
  check?: (value: string) => string | undefined;
}
export interface IntegerSchema extends Common {
  kind: 'integer';
  default?: number;
  min: number;
  max: number;
}
export interface BooleanSchema extends Common {
  kind: 'boolean';
  default?: boolean;
}
export interface EnumSchema extends Common {
  kind: 'enum';
  values: readonly string[];
  default?: string;
  /** Values the LogScale Collector accepts that Hecate does not implement yet: rejected with "not supported yet". */
  unsupported?: readonly string[];
}
/** A string or a list of strings (LogScale accepts both for globs); normalised to a list. */
export interface StringListSchema extends Common {
  kind: 'stringList';
  default?: readonly string[];
  /** A rule each item must follow; returns the message when it does not. */
  check?: (value: string) => string | undefined;
}
/** A flat map of string keys to scalar values (static fields, environment). */
export interface StringMapSchema extends Common {
  kind: 'stringMap';
}
export interface ObjectSchema extends Common {
  kind: 'object';
  keys: Readonly<Record<string, Schema>>;
}
/** Named entries (`sources.<name>`), each one of several object variants chosen by its `type`. */
export interface NamedUnionSchema extends Common {
  kind: 'namedUnion';
  variants: Readonly<Record<string, ObjectSchema>>;
}
/** A list of objects, each chosen by its `type` (transforms). */
export interface UnionListSchema extends Common {
  kind: 'unionList';
  variants: Readonly<Record<string, ObjectSchema>>;
}

export type Schema =
  | StringSchema
  | IntegerSchema
  | BooleanSchema
  | EnumSchema
  | StringListSchema
  | StringMapSchema
  | ObjectSchema
  | NamedUnionSchema
  | UnionListSchema;
