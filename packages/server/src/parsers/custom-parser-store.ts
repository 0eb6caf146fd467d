/** Custom parsers in the metadata database (table `parsers`). Every write bumps `version`. */
import type { MetadataDb } from '../metadata/metadata-db.js';
import type { ParserDefinition, ParserSpec } from './parser-definition.js';

interface Row {
  name: string;
  description: string;
  script: string;
  tag_fields: string;
  fields_to_remove: string;
  test_cases: string;
  version: number;
  created_at: number;
  updated_at: number;
}

const toDefinition = (r: Row): ParserDefinition => ({
  name: r.name,
  description: r.description,
  script: r.script,
  tagFields: JSON.parse(r.tag_fields) as string[],
  fieldsToBeRemovedBeforeParsing: JSON.parse(r.fields_to_remove) as string[],
  testCases: JSON.parse(r.test_cases) as ParserDefinition['testCases'],
  builtIn: false,
  native: false,
  version: String(r.version),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class CustomParserStore {
  constructor(
    private readonly db: MetadataDb,
    private readonly now: () => number = Date.now,
  ) {}

  list(): ParserDefinition[] {
    return (this.db.prepare('SELECT * FROM parsers ORDER BY name').all() as Row[]).map(toDefinition);
  }

  get(name: string): ParserDefinition | undefined {
    const row = this.db.prepare('SELECT * FROM parsers WHERE name = ?').get(name) as Row | undefined;
    return row === undefined ? undefined : toDefinition(row);
  }

  create(spec: ParserSpec): ParserDefinition {
    const at = this.now();
    this.db
      .prepare(
        `INSERT INTO parsers (name, description, script, tag_fields, fields_to_remove, test_cases, version, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`,
      )
      .run(spec.name, spec.description, spec.script, JSON.stringify(spec.tagFields), JSON.stringify(spec.fieldsToBeRemovedBeforeParsing), JSON.stringify(spec.testCases), at, at);
    return this.get(spec.name) as ParserDefinition;
  }

  /** Replaces the content of an existing parser (the name stays). Undefined when there is none. */
  update(name: string, spec: Omit<ParserSpec, 'name'>): ParserDefinition | undefined {
    const changed = this.db
      .prepare(
        `UPDATE parsers SET description = ?, script = ?, tag_fields = ?, fields_to_remove = ?, test_cases = ?, version = version + 1, updated_at = ?
         WHERE name = ?`,
      )
      .run(spec.description, spec.script, JSON.stringify(spec.tagFields), JSON.stringify(spec.fieldsToBeRemovedBeforeParsing), JSON.stringify(spec.testCases), this.now(), name).changes;
    return changed === 0 ? undefined : this.get(name);
  }

  delete(name: string): boolean {
    return this.db.prepare('DELETE FROM parsers WHERE name = ?').run(name).changes > 0;
  }
}
