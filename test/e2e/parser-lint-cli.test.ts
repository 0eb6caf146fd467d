/**
 * `hecate parser lint FILE…` from the built binary, without a server: findings grouped per file with
 * their fix, a summary line, exit 1 when any file has an error (0 with warnings only), and --json.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HECATE_BIN, REPO_ROOT } from '../helpers/server.js';

const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/parsers/corelight-dns.yaml');

/** A parser template with the given script and tagFields, and one test case per raw line. */
function template(name: string, script: string[], tagFields: string[], raws: string[]): string {
  return [
    `name: ${name}`,
    '$schema: https://schemas.humio.com/parser/v0.3.0',
    'script: |-',
    ...script.map((l) => `  ${l}`),
    `tagFields: [${tagFields.join(', ')}]`,
    'testCases:',
    ...raws.flatMap((raw) => [`- event:`, `    rawString: '${raw}'`]),
  ].join('\n');
}

const GOOD = template(
  'acme-widget',
  [
    'kvParse(prefix="Vendor.")',
    '| parseTimestamp("yyyy-MM-dd\'T\'HH:mm:ssXXX", field=Vendor.time)',
    '| Parser.version := "1.0.0" | Cps.version := "1.1.0" | ecs.version := "9.1.0" | Vendor := "acme"',
    '| event.module := "widget" | event.dataset := "widget.audit" | event.kind := "event" | observer.type := "identity"',
    '| array:append("event.category[]", values=["authentication"]) | array:append("event.type[]", values=["start"])',
    '| user.name := Vendor.user',
  ],
  ['Cps.version', 'Vendor', 'ecs.version', 'event.dataset', 'event.kind', 'event.module', 'event.outcome', 'observer.type'],
  ['alice', 'bob', 'carol', 'dave', 'erin'].map((user, i) => `time=2025-01-0${i + 1}T03:04:05Z user=${user}`),
);
/** Not CPS, two test cases: two warnings, no error. */
const GENERIC = template('plain-kv', ['kvParse()'], [], ['a=1', 'b=2']);

let dir: string;
let good: string;
let generic: string;
let broken: string;

/** Runs the CLI with no server configured: lint must not need one. */
function lint(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { HECATE_URL: _url, HECATE_TOKEN: _token, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(process.execPath, [HECATE_BIN, 'parser', 'lint', ...args], { env: { ...env, HECATE_URL: 'http://127.0.0.1:9' }, timeout: 20_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(() => {
  if (!existsSync(HECATE_BIN)) throw new Error(`${HECATE_BIN} does not exist: build first (npx tsc -b)`);
  dir = mkdtempSync(path.join(os.tmpdir(), 'hecate-lint-'));
  good = path.join(dir, 'acme-widget.yaml');
  writeFileSync(good, GOOD);
  generic = path.join(dir, 'plain-kv.yaml');
  writeFileSync(generic, GENERIC);
  broken = path.join(dir, 'corelight-broken.yaml');
  // The fixture without its Cps.version and with an upper-case Vendor: two CPS errors.
  const text = readFileSync(FIXTURE, 'utf8').replace('  | Cps.version := "1.1.0"\n', '').replace('| Vendor := "corelight"', '| Vendor := "Corelight"');
  expect(text).not.toContain('Cps.version := ');
  writeFileSync(broken, text);
});

afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('hecate parser lint', () => {
  it('exits 0 and says so for a parser without findings', async () => {
    const out = await lint([good]);
    expect(out.stdout).toBe(`${good} (acme-widget)\n  no findings\n${good}: 0 errors, 0 warnings\n`);
    expect(out.code).toBe(0);
  });

  it('exits 0 with warnings only: a generic parser', async () => {
    const out = await lint([generic]);
    expect(out.stdout).toContain('  warning parser/not-cps: the parser sets neither Cps.version nor Vendor');
    expect(out.stdout).toContain(`${generic}: 0 errors, 2 warnings (generic parser: CPS rules skipped)`);
    expect(out.code).toBe(0);
  });

  it('exits 1 on errors and prints each finding with its fix', async () => {
    const out = await lint([broken]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(
      '  error cps/required-field: Cps.version is not set (test case 0 event 0, test case 1 event 0)\n' + '    fix: add "| Cps.version := \\"1.1.0\\"" in the METADATA region\n',
    );
    expect(out.stdout).toContain('  error cps/lower-case: Vendor is "Corelight"; CPS wants it in lower case');
    expect(out.stdout).toContain('  error parser/test-case-fails: test case 0 fails: expected #Vendor to be "corelight", but it is "Corelight"');
    expect(out.stdout).toMatch(/: 3 errors, 1 warning\n$/);
  });

  it('lints several files, keeps going past an unreadable one, and ends with a total', async () => {
    const missing = path.join(dir, 'missing.yaml');
    const out = await lint([good, missing, generic]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`${missing}\n  error: cannot read ${missing}`);
    expect(out.stdout).toContain(`${generic} (plain-kv)`);
    expect(out.stdout.endsWith('\n3 files linted: 1 error, 2 warnings\n')).toBe(true);
  });

  it('prints machine-readable findings with --json', async () => {
    const out = await lint(['--json', broken, generic]);
    expect(out.code).toBe(1);
    const body = JSON.parse(out.stdout) as {
      files: Array<{ file: string; name: string; findings: Array<{ rule: string; severity: string; fix: string }>; summary: { errors: number; warnings: number; cps: boolean } }>;
      summary: { files: number; errors: number; warnings: number };
    };
    expect(body.summary).toEqual({ files: 2, errors: 3, warnings: 3 });
    expect(body.files.map((f) => [f.name, f.summary])).toEqual([
      ['corelight-dns', { errors: 3, warnings: 1, cps: true }],
      ['plain-kv', { errors: 0, warnings: 2, cps: false }],
    ]);
    expect(body.files[0]?.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['cps/required-field', 'cps/lower-case', 'parser/test-case-fails', 'parser/few-test-cases']));
  });
});
