/**
 * `hecate parser …`: list, test and lint (locally, with the ingest engine — no server), import, export.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ApiError } from '../api/api-error.js';
import { lintParser, type LintReport } from '../parsers/parser-lint.js';
import { runParserTests, type ParserTestReport } from '../parsers/parser-test-runner.js';
import { parseParserYaml } from '../parsers/parser-yaml.js';
import { CliError, type ApiClient, type ClientOptions } from './api-client.js';

interface ParserSummary {
  name: string;
  description: string;
  builtIn: boolean;
  version: string;
  testCases: number;
}

const CATEGORIES = ['parsingErrors', 'assertionFailuresOnFields', 'falselyTaggedFields', 'arraysWithGaps'] as const;

/** The report as text: one block per failing test case, failures grouped by category. */
export function formatTestReport(name: string, report: ParserTestReport): string {
  const lines: string[] = [];
  if (report.diagnostics.length > 0) {
    lines.push(`${name}: the script does not compile:`);
    for (const d of report.diagnostics) lines.push(`  ${d.line}:${d.column} ${d.code} ${d.message}`);
    return lines.join('\n') + '\n';
  }
  for (const t of report.testCases) {
    if (t.passed) continue;
    lines.push(`test case ${t.index} FAILED: ${t.rawString.length > 100 ? t.rawString.slice(0, 100) + '…' : t.rawString}`);
    for (const category of CATEGORIES) {
      const items = t.failures[category];
      if (items.length === 0) continue;
      lines.push(`  ${category}:`);
      for (const item of items) {
        if ('message' in item) lines.push(`    [event ${item.outputEventIndex}] ${item.message}`);
        else if ('missingIndexes' in item) lines.push(`    [event ${item.outputEventIndex}] ${item.array} misses index(es) ${item.missingIndexes.join(', ')}`);
        else lines.push(`    [event ${item.outputEventIndex}] ${item.field} is named as a tag but is not in tagFields`);
      }
    }
    lines.push(`  output events: ${JSON.stringify(t.outputEvents)}`);
  }
  const { testCases, passed, failed } = report.summary;
  lines.push(`${name}: ${testCases} test case(s), ${passed} passed, ${failed} failed`);
  return lines.join('\n') + '\n';
}

type LintedFile = { file: string; name: string } & LintReport;
/** A file that could not be read or is not a parser template: reported, and counted as an error. */
interface UnreadableFile {
  file: string;
  error: string;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One file's lint result as text: a header, each finding with its fix, and the file's count line. */
export function formatLintReport(file: string, name: string, report: LintReport): string {
  const lines = [`${file} (${name})`];
  for (const f of report.findings) lines.push(`  ${f.severity} ${f.rule}: ${f.message}`, `    fix: ${f.fix}`);
  if (report.findings.length === 0) lines.push('  no findings');
  lines.push(`${file}: ${plural(report.summary.errors, 'error')}, ${plural(report.summary.warnings, 'warning')}${report.summary.cps ? '' : ' (generic parser: CPS rules skipped)'}`);
  return lines.join('\n') + '\n';
}

function readFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
  }
}

function parseFile(file: string) {
  try {
    return parseParserYaml(readFile(file));
  } catch (err) {
    if (err instanceof ApiError) throw new CliError(`${file}: ${err.message}`);
    throw err;
  }
}

export function addParserCommands(program: Command, client: (opts: ClientOptions) => ApiClient): void {
  const parser = program.command('parser').description('list, test, import and export parsers (LogScale parser template YAML)');

  parser
    .command('list')
    .description('list built-in and custom parsers')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const { parsers } = await client(cmd.optsWithGlobals()).call<{ parsers: ParserSummary[] }>('GET', '/api/v1/parsers');
      if (opts.json) {
        process.stdout.write(JSON.stringify(parsers, null, 2) + '\n');
        return;
      }
      const rows = [['NAME', 'KIND', 'VERSION', 'TESTS', 'DESCRIPTION'], ...parsers.map((p) => [p.name, p.builtIn ? 'built-in' : 'custom', p.version, String(p.testCases), p.description])];
      const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
      process.stdout.write(rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n') + '\n');
    });

  parser
    .command('test <file>')
    .description("run a parser file's test cases locally with Hecate's parser engine (no server); exit 1 on failure")
    .option('--json', 'print the full report as JSON')
    .action((file: string, opts: { json?: boolean }) => {
      const spec = parseFile(file);
      const report = runParserTests(spec);
      process.stdout.write(opts.json ? JSON.stringify(report, null, 2) + '\n' : formatTestReport(spec.name, report));
      if (!report.passed) process.exitCode = 1;
    });

  parser
    .command('lint <file...>')
    .description('check parser files against the CrowdStrike Parsing Standard locally (no server); exit 1 when there is an error')
    .option('--json', 'print the findings as JSON')
    .action((files: string[], opts: { json?: boolean }) => {
      const results: Array<LintedFile | UnreadableFile> = [];
      for (const file of files) {
        try {
          const spec = parseFile(file);
          results.push({ file, name: spec.name, ...lintParser(spec) });
        } catch (err) {
          // One unreadable file does not hide the findings of the others; it counts as an error.
          if (!(err instanceof CliError)) throw err;
          results.push({ file, error: err.message });
        }
      }
      const errors = results.reduce((n, r) => n + ('error' in r ? 1 : r.summary.errors), 0);
      const warnings = results.reduce((n, r) => n + ('error' in r ? 0 : r.summary.warnings), 0);
      if (opts.json) {
        process.stdout.write(JSON.stringify({ files: results, summary: { files: results.length, errors, warnings } }, null, 2) + '\n');
      } else {
        const blocks = results.map((r) => ('error' in r ? `${r.file}\n  error: ${r.error}\n` : formatLintReport(r.file, r.name, r)));
        const total = results.length > 1 ? `\n${plural(results.length, 'file')} linted: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n` : '';
        process.stdout.write(blocks.join('\n') + total);
      }
      if (errors > 0) process.exitCode = 1;
    });

  parser
    .command('import <file>')
    .description('create a custom parser from a parser template file')
    .option('--overwrite', 'replace the custom parser of the same name')
    .action(async (file: string, opts: { overwrite?: boolean }, cmd: Command) => {
      const created = await client(cmd.optsWithGlobals()).call<{ name: string; version: string }>('POST', '/api/v1/parsers/import', {
        yaml: readFile(file),
        overwrite: Boolean(opts.overwrite),
      });
      process.stdout.write(`Imported parser "${created.name}" (version ${created.version}).\n`);
    });

  parser
    .command('export <name>')
    .description('print a parser as a parser template file (YAML)')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .action(async (name: string, opts: { output?: string }, cmd: Command) => {
      const { yaml } = await client(cmd.optsWithGlobals()).call<{ yaml: string }>('GET', `/api/v1/parsers/${encodeURIComponent(name)}/yaml`);
      if (opts.output !== undefined) writeFileSync(opts.output, yaml);
      else process.stdout.write(yaml);
    });
}
