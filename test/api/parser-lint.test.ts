/**
 * POST /api/v1/parsers/lint against the real server: the same body as /parsers/test (a parser, or
 * `{"yaml"}`), answered with the CPS findings and their summary; a bad body is a 400 with the field.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startHecate, type Hecate } from '../helpers/server.js';

interface Finding {
  rule: string;
  severity: string;
  message: string;
  fix: string;
  at?: Array<{ testCase: number; outputEvent: number }>;
}
interface LintAnswer {
  findings: Finding[];
  summary: { errors: number; warnings: number; cps: boolean };
}

const FIXTURE = readFileSync(path.join(REPO_ROOT, 'test/fixtures/parsers/corelight-dns.yaml'), 'utf8');
const KV = readFileSync(path.join(REPO_ROOT, 'packages/server/parsers/builtin/kv.yaml'), 'utf8');

/** A CPS-style parser that forgets Cps.version, keeps a vendor field outside Vendor. and tags source.ip. */
const BROKEN = {
  name: 'acme-fw',
  script: [
    'kvParse(prefix="Vendor.")',
    '| parseTimestamp("yyyy-MM-dd\'T\'HH:mm:ssXXX", field=Vendor.time)',
    '| Parser.version := "1.0.0" | ecs.version := "9.1.0" | Vendor := "acme" | event.module := "firewall" | event.dataset := "firewall.traffic"',
    '| event.kind := "event" | observer.type := "firewall"',
    '| array:append("event.category[]", values=["network"]) | array:append("event.type[]", values=["connection"])',
    '| source.ip := Vendor.src | src := Vendor.src',
  ].join('\n'),
  tagFields: ['Cps.version', 'Vendor', 'ecs.version', 'event.dataset', 'event.kind', 'event.module', 'event.outcome', 'observer.type', 'source.ip'],
  testCases: [{ event: { rawString: 'time=2025-01-02T03:04:05Z src=10.0.0.5' }, assertions: [] }],
};

let hecate: Hecate;

beforeAll(async () => {
  hecate = await startHecate();
}, 60_000);

afterAll(async () => {
  await hecate?.dispose();
});

describe('POST /api/v1/parsers/lint', () => {
  it('answers the findings of an unsaved parser with what to fix', async () => {
    const reply = await hecate.api<LintAnswer>('POST', '/api/v1/parsers/lint', BROKEN);
    expect(reply.status).toBe(200);
    const { findings, summary } = reply.body;
    const required = findings.find((f) => f.rule === 'cps/required-field');
    expect(required).toMatchObject({ severity: 'error', message: 'Cps.version is not set (test case 0 event 0)', at: [{ testCase: 0, outputEvent: 0 }] });
    expect(required?.fix).toContain('Cps.version := \\"1.1.0\\"');
    expect(findings.find((f) => f.rule === 'cps/non-ecs-field')?.fix).toBe('rename src to Vendor.src or to its ECS name (source.ip?)');
    expect(findings.find((f) => f.rule === 'cps/high-cardinality-tag')).toMatchObject({ severity: 'warning' });
    expect(findings.find((f) => f.rule === 'parser/few-test-cases')).toMatchObject({ severity: 'warning' });
    expect(summary).toEqual({
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
      cps: true,
    });
    expect(summary.errors).toBe(2);
  });

  it('lints a parser template sent as {"yaml"}', async () => {
    const cps = await hecate.api<LintAnswer>('POST', '/api/v1/parsers/lint', { yaml: FIXTURE });
    expect(cps.status).toBe(200);
    expect(cps.body).toEqual({
      findings: [expect.objectContaining({ rule: 'parser/few-test-cases', severity: 'warning', message: 'the parser has 2 test case(s); at least 5 are expected' })],
      summary: { errors: 0, warnings: 1, cps: true },
    });
    const generic = await hecate.api<LintAnswer>('POST', '/api/v1/parsers/lint', { yaml: KV });
    expect(generic.status).toBe(200);
    expect(generic.body.summary).toMatchObject({ errors: 0, cps: false });
    expect(generic.body.findings.filter((f) => f.rule === 'parser/not-cps')).toHaveLength(1);
  });

  it('reports script diagnostics with line and column', async () => {
    const reply = await hecate.api<LintAnswer & { findings: Array<Finding & { line: number; column: number }> }>('POST', '/api/v1/parsers/lint', {
      ...BROKEN,
      script: 'kvParse()\n| groupBy(src)',
    });
    expect(reply.status).toBe(200);
    expect(reply.body.findings[0]).toMatchObject({ rule: 'parser/aggregate-function', severity: 'error', line: 2, column: 3 });
  });

  it('refuses a body that is not a parser with 400 naming the field', async () => {
    const noScript = await hecate.api<{ error: { code: string; field?: string } }>('POST', '/api/v1/parsers/lint', { name: 'x' });
    expect(noScript.status).toBe(400);
    expect(noScript.body.error).toMatchObject({ code: 'INVALID_FIELD', field: 'script' });
    const unknown = await hecate.api<{ error: { code: string } }>('POST', '/api/v1/parsers/lint', { script: 'kvParse()', tagfields: [] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('UNKNOWN_FIELD');
  });
});
