/**
 * The console's first-load budget: what a browser downloads before the first screen (index.html, its
 * scripts and styles and their static imports) is at most 400 KB gzipped. Views other than the
 * connector list are separate chunks, loaded when they are opened.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ESM script shared with bench/console-budget.mjs; it has no type declarations.
import { CONSOLE_DIST, FIRST_LOAD_BUDGET_BYTES, firstLoad } from '../../packages/console/scripts/first-load.mjs';

interface FirstLoad {
  files: { path: string; bytes: number; gzipBytes: number }[];
  totalGzipBytes: number;
}

function load(): FirstLoad {
  if (!existsSync(path.join(CONSOLE_DIST as string, 'index.html'))) {
    throw new Error(`${CONSOLE_DIST as string}index.html does not exist: build the console first (npm run build; npm test does it).`);
  }
  return firstLoad() as FirstLoad;
}

describe('the console bundle', () => {
  it('downloads at most 400 KB gzipped for the first screen', () => {
    const first = load();
    const listing = first.files.map((f) => `${f.path} ${f.gzipBytes} B`).join(', ');
    expect(first.totalGzipBytes, listing).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_BYTES as number);
    expect(first.files.some((f) => f.path.endsWith('.js'))).toBe(true);
    expect(first.files.some((f) => f.path.endsWith('.css'))).toBe(true);
  });

  it('keeps the other views out of the first load (they are loaded when opened)', () => {
    const first = load();
    const text = first.files.map((f) => readFileSync(path.join(CONSOLE_DIST as string, f.path), 'utf8')).join('\n');
    // Strings that only the connector page, the add-connector flow, the admin views, the search view,
    // the parser editor and the language (@hecate/lang/browser) contain.
    for (const onlyInLaterViews of ['Regenerate key', 'I have copied the API key', 'Create an API token', 'Audit log pages', 'Absolute range', 'Lint the parser', 'parseTimestamp']) {
      expect(text, onlyInLaterViews).not.toContain(onlyInLaterViews);
    }
    const chunks = readFileSync(path.join(CONSOLE_DIST as string, 'index.html'), 'utf8');
    expect(chunks).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/);
  });

  it('bundles no Node built-in: the language runs in the browser without node:v8', () => {
    load();
    const assets = path.join(CONSOLE_DIST as string, 'assets');
    const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'));
    const all = scripts.map((f) => readFileSync(path.join(assets, f), 'utf8')).join('\n');
    // The search view and the parser editor use @hecate/lang's function registry and checker.
    expect(all).toContain('parseTimestamp');
    expect(all).not.toMatch(/["'`]node:/);
    expect(all).not.toContain('setFlagsFromString');
  });
});
