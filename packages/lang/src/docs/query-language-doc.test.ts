import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FUNCTION_REGISTRY } from '../check/function-registry.js';
import type { FunctionSpec } from '../check/function-spec.js';
import { groupOf, renderQueryLanguageDoc, signatureOf } from './query-language-doc.js';

const doc = renderQueryLanguageDoc();

/** The text of one function's section: from its heading to the next heading of any level. */
function sectionOf(spec: FunctionSpec): string {
  const start = doc.indexOf(`\n### \`${spec.name}()\`\n`);
  if (start < 0) return '';
  const next = doc.slice(start + 1).search(/\n#{2,3} /);
  return next < 0 ? doc.slice(start) : doc.slice(start, start + 1 + next);
}

describe('docs/query-language.md', () => {
  it('is the current rendering of the registry', () => {
    let onDisk = '';
    try {
      onDisk = readFileSync(new URL('../../../../docs/query-language.md', import.meta.url), 'utf8');
    } catch {
      // A missing file is reported by the comparison below, with the same advice.
    }
    expect(onDisk, 'docs/query-language.md is out of date: run `npm run docs:query-language`').toBe(doc);
  });

  it('is the same text on every rendering', () => {
    expect(renderQueryLanguageDoc()).toBe(doc);
  });

  it.each(FUNCTION_REGISTRY.map((spec) => ({ name: spec.name, spec })))('documents $name() with its signature, parameters, parser use and example', ({ spec }) => {
    const section = sectionOf(spec);
    expect(section).not.toBe('');
    expect(section).toContain(signatureOf(spec));
    expect(section).toContain(`**In parsers:** ${spec.parserSafe ? 'yes' : 'no'}`);
    expect(section).toContain(`\`\`\`\n${spec.example}\n\`\`\``);
    for (const param of spec.params) expect(section).toMatch(new RegExp(`\\n\\| \`${param.name}\`[^\\n]*\\| ${param.required === true ? 'yes' : 'no'} \\|`));
  });

  it('lists every function in the table of contents, and every link there reaches a heading', () => {
    const from = doc.indexOf('## Contents');
    const contents = doc.slice(from, doc.indexOf('\n## ', from + 1));
    for (const spec of FUNCTION_REGISTRY) expect(contents).toContain(`[\`${spec.name}()\`](#`);
    // GitHub's anchors, computed here independently: headings in order, repeats numbered -1, -2, …
    const seen = new Map<string, number>();
    const slugs = new Set(
      [...doc.matchAll(/^#{1,3} (.+)$/gm)].map((m) => {
        const base = (m[1] ?? '').replace(/`/g, '').toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        return n === 0 ? base : `${base}-${n}`;
      }),
    );
    const anchors = [...contents.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1] ?? '');
    expect(anchors.length).toBeGreaterThan(FUNCTION_REGISTRY.length);
    expect(anchors.filter((a) => !slugs.has(a))).toEqual([]);
    expect(anchors).toEqual(expect.arrayContaining(['parsejson', 'arrayappend', 'and-or-not', 'limits']));
  });

  it('groups functions by what they do', () => {
    const group = (name: string) => {
      const spec = FUNCTION_REGISTRY.find((s) => s.name === name);
      return spec === undefined ? undefined : groupOf(spec);
    };
    expect([group('parseJson'), group('kvParse'), group('regex'), group('parseTimestamp')]).toEqual(['parsing', 'parsing', 'parsing', 'parsing']);
    expect([group('in'), group('test'), group('dropEvent')]).toEqual(['filters', 'filters', 'filters']);
    expect([group('drop'), group('array:append')]).toEqual(['fields', 'fields']);
    expect([group('split'), group('eval'), group('groupBy')]).toEqual(['events', 'values', 'aggregates']);
    for (const spec of FUNCTION_REGISTRY) if (!spec.parserSafe) expect(groupOf(spec)).toBe('aggregates');
  });

  it('keeps registry prose from reading as HTML: no bare < outside code', () => {
    let fenced = false;
    const bare: string[] = [];
    for (const line of doc.split('\n')) {
      if (line.startsWith('```')) fenced = !fenced;
      else if (!fenced && line.replace(/``[^`]*``|`[^`]*`/g, '').replace(/<!--.*-->/, '').includes('<')) bare.push(line);
    }
    expect(bare).toEqual([]);
    expect(sectionOf(FUNCTION_REGISTRY.find((s) => s.name === 'regex') as FunctionSpec)).toContain('(?&lt;name>…) groups create fields');
  });

  it('escapes table cells, so every parameter row has exactly five cells', () => {
    let inTable = false;
    let rows = 0;
    for (const line of doc.split('\n')) {
      if (line.startsWith('| parameter |')) inTable = true;
      else if (!line.startsWith('|')) inTable = false;
      else if (inTable && !line.startsWith('|---')) {
        rows++;
        expect(line.replace(/\\\|/g, '').split('|').length - 2, line).toBe(5);
      }
    }
    expect(rows).toBe(FUNCTION_REGISTRY.reduce((n, spec) => n + spec.params.length, 0));
  });
});
