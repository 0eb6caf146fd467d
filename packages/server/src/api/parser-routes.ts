/**
 * The parser store and test runner over HTTP (docs/parsers.md): built-in parsers are read-only,
 * custom parsers are created, changed, cloned, imported from and exported to the parser template.
 */
import type { IncomingMessage } from 'node:http';
import type { ConnectorStore } from '../connectors/connector-store.js';
import type { ParserDefinition, ParserSpec } from '../parsers/parser-definition.js';
import type { ParserRegistry } from '../parsers/parser-registry.js';
import { diagnosticView } from '../parsers/parser-registry.js';
import { lintParser } from '../parsers/parser-lint.js';
import { checkParserName, parseParserSpec } from '../parsers/parser-spec-input.js';
import { runParserTests, type ParserTestReport } from '../parsers/parser-test-runner.js';
import { parseParserYaml, toParserYaml } from '../parsers/parser-yaml.js';
import { ApiError } from './api-error.js';
import { readJson } from './http-json.js';
import type { Route } from './router.js';

export interface ParserRouteDeps {
  parsers: ParserRegistry;
  connectors: ConnectorStore;
}

const MAX_YAML_BODY = 1024 * 1024;
const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

function summaryView(d: ParserDefinition): Record<string, unknown> {
  return { name: d.name, description: d.description, builtIn: d.builtIn, version: d.version, tagFields: d.tagFields, testCases: d.testCases.length, updatedAt: iso(d.updatedAt) };
}

function fullView(d: ParserDefinition): Record<string, unknown> {
  return {
    name: d.name,
    description: d.description,
    builtIn: d.builtIn,
    version: d.version,
    script: d.script,
    tagFields: d.tagFields,
    fieldsToBeRemovedBeforeParsing: d.fieldsToBeRemovedBeforeParsing,
    testCases: d.testCases,
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
  };
}

function reportView(report: ParserTestReport): Record<string, unknown> {
  return { ...report, diagnostics: report.diagnostics.map(diagnosticView) };
}

/** The import body: the YAML text itself (Content-Type application/yaml or text/*), or JSON `{"yaml": "…"}`. */
async function readYaml(req: IncomingMessage): Promise<{ yaml: string; overwrite: boolean }> {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('json')) {
    const body = await readJson(req);
    const yaml = (body as { yaml?: unknown }).yaml;
    if (typeof yaml !== 'string') throw new ApiError('INVALID_FIELD', 'yaml must be the text of a parser template file', 'yaml');
    const overwrite = (body as { overwrite?: unknown }).overwrite;
    if (overwrite !== undefined && typeof overwrite !== 'boolean') throw new ApiError('INVALID_FIELD', 'overwrite must be true or false', 'overwrite');
    return { yaml, overwrite: overwrite === true };
  }
  if (!type.includes('yaml') && !type.startsWith('text/')) {
    req.resume();
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'send the parser template as application/yaml, or JSON {"yaml": "…"}');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_YAML_BODY) throw new ApiError('BODY_TOO_LARGE', `the request body must be at most ${MAX_YAML_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  return { yaml: Buffer.concat(chunks).toString('utf8'), overwrite: false };
}

/** An unsaved parser (test, lint): a parser body as in create (name optional), or `{"yaml": "…"}`. */
async function readUnsavedSpec(req: IncomingMessage): Promise<ParserSpec> {
  const body = await readJson(req);
  const yaml = (body as { yaml?: unknown }).yaml;
  return typeof yaml === 'string' && Object.keys(body as object).length === 1 ? parseParserYaml(yaml) : parseParserSpec(body, { requireName: false });
}

export function parserRoutes(deps: ParserRouteDeps): Route[] {
  const { parsers, connectors } = deps;
  const find = (name: string): ParserDefinition => {
    const d = parsers.definition(name);
    if (d === undefined) throw new ApiError('NOT_FOUND', `no parser named "${name}"`);
    return d;
  };
  const save = (spec: ParserSpec, overwrite: boolean): { status: number; def: ParserDefinition } => {
    const existing = parsers.definition(spec.name);
    if (existing !== undefined && overwrite && !existing.builtIn) return { status: 200, def: parsers.update(spec.name, spec) };
    return { status: 201, def: parsers.create(spec) };
  };
  return [
    {
      method: 'GET',
      path: '/api/v1/parsers',
      permission: 'parsers:read',
      handle: () => ({ status: 200, body: { parsers: parsers.list().map(summaryView) } }),
    },
    {
      method: 'POST',
      path: '/api/v1/parsers',
      permission: 'parsers:write',
      async handle({ req }) {
        return { status: 201, body: fullView(parsers.create(parseParserSpec(await readJson(req)))) };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/parsers/import',
      permission: 'parsers:write',
      async handle({ req }) {
        const { yaml, overwrite } = await readYaml(req);
        const { status, def } = save(parseParserYaml(yaml), overwrite);
        return { status, body: fullView(def) };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/parsers/test',
      permission: 'parsers:read',
      async handle({ req }) {
        return { status: 200, body: reportView(runParserTests(await readUnsavedSpec(req))) };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/parsers/lint',
      permission: 'parsers:read',
      async handle({ req }) {
        return { status: 200, body: lintParser(await readUnsavedSpec(req)) };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/parsers/:name',
      permission: 'parsers:read',
      handle: ({ params }) => ({ status: 200, body: fullView(find(params.name as string)) }),
    },
    {
      method: 'PUT',
      path: '/api/v1/parsers/:name',
      permission: 'parsers:write',
      async handle({ req, params }) {
        const name = params.name as string;
        const body = await readJson(req);
        const spec = parseParserSpec(body, { requireName: false });
        if ((body as { name?: unknown }).name !== undefined && spec.name !== name) {
          throw new ApiError('INVALID_FIELD', 'a parser cannot be renamed; clone it under the new name and delete the old one', 'name');
        }
        return { status: 200, body: fullView(parsers.update(name, spec)) };
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/parsers/:name',
      permission: 'parsers:write',
      handle({ params }) {
        const name = params.name as string;
        find(name);
        const users = connectors.list().filter((c) => c.parser === name);
        // A connector whose parser disappears would silently fall back to raw: refuse instead.
        if (users.length > 0 && !parsers.definition(name)?.builtIn) {
          throw new ApiError('IN_USE', `parser "${name}" is used by connector(s) ${users.map((c) => `"${c.name}"`).join(', ')}; change their parser first`);
        }
        parsers.delete(name);
        return { status: 204, body: null };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/parsers/:name/clone',
      permission: 'parsers:write',
      async handle({ req, params }) {
        const source = find(params.name as string);
        const body = await readJson(req);
        const newName = checkParserName((body as { newName?: unknown }).newName, 'newName');
        const content = source;
        return {
          status: 201,
          body: fullView(
            parsers.create({
              name: newName,
              description: content.description,
              script: content.script,
              tagFields: [...content.tagFields],
              fieldsToBeRemovedBeforeParsing: [...content.fieldsToBeRemovedBeforeParsing],
              testCases: content.testCases,
            }),
          ),
        };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/parsers/:name/yaml',
      permission: 'parsers:read',
      handle({ params }) {
        const d = find(params.name as string);
        return { status: 200, body: { name: d.name, yaml: toParserYaml(d) } };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/parsers/:name/test',
      permission: 'parsers:read',
      handle({ params }) {
        const d = find(params.name as string);
        if (d.native) throw new ApiError('INVALID_FIELD', `"${d.name}" is a native parser without test cases; clone it to test a script version`);
        return { status: 200, body: reportView(runParserTests(d)) };
      },
    },
  ];
}
