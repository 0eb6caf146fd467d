/**
 * What a browser downloads to show the console's first screen: index.html, the files it links
 * (entry script, module preloads, style sheets) and every module those import statically — but not
 * the chunks behind dynamic `import()`, which load with the views that need them. Sizes are gzipped,
 * as the server sends them. Used by test/console/bundle-size.test.ts and bench/console-budget.mjs.
 */
import { readFileSync } from 'node:fs';
import { join, normalize, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const CONSOLE_DIST = fileURLToPath(new URL('../dist/', import.meta.url));

/** The first-load budget from the console issue: 400 KB gzipped. */
export const FIRST_LOAD_BUDGET_BYTES = 400 * 1024;

const HTML_REFS = /<(?:script|link)\b[^>]*?\b(?:src|href)="(\/[^"]+)"[^>]*>/g;
// Static imports and re-exports as the bundler writes them: `import{a as b}from"./x.js"`, `import"./y.js"`.
const STATIC_IMPORT = /(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]*?from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g;

/**
 * @param {string} [dist] the built console directory
 * @returns {{ files: { path: string, bytes: number, gzipBytes: number }[], totalBytes: number, totalGzipBytes: number }}
 */
export function firstLoad(dist = CONSOLE_DIST) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const seen = new Set(['index.html']);
  const queue = [];
  for (const match of html.matchAll(HTML_REFS)) {
    const tag = match[0];
    // The favicon is fetched lazily and off the critical path.
    if (/rel="icon"/.test(tag)) continue;
    queue.push(normalize(match[1].slice(1)));
  }
  while (queue.length > 0) {
    const path = queue.shift();
    if (seen.has(path)) continue;
    seen.add(path);
    if (!path.endsWith('.js')) continue;
    const text = readFileSync(join(dist, path), 'utf8');
    for (const match of text.matchAll(STATIC_IMPORT)) queue.push(posix.normalize(posix.join(posix.dirname(path), match[1])));
  }
  const files = [...seen].map((path) => {
    const body = readFileSync(join(dist, path));
    return { path, bytes: body.length, gzipBytes: gzipSync(body).length };
  });
  return {
    files,
    totalBytes: files.reduce((sum, f) => sum + f.bytes, 0),
    totalGzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
  };
}

