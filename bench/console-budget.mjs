// Console budget: the first-load size (gzipped) and the first contentful paint on localhost.
//
//   size   index.html, the files it links and their static imports, gzipped as the server sends
//          them (packages/console/scripts/first-load.mjs, the same count test/console/bundle-size.test.ts
//          checks); limit 400 KB.
//   paint  a real server (a child process) and Debian's Chromium (playwright-core): each run is a new
//          browser context, so nothing is cached. For the sign-in page and for the connector list of a
//          signed-in user (the session token put in localStorage before the page loads) it reports
//          first-contentful-paint (the Paint Timing API) and "ready": when the view's own <h1> was
//          added, which is when the app has loaded its code, asked the API and rendered. Limit for
//          the first contentful paint: 1 s.
//
// Run: npm run bench:console [-- --runs 9]   (needs the console built; npm run bench:console builds it)
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { FIRST_LOAD_BUDGET_BYTES, firstLoad } from '../packages/console/scripts/first-load.mjs';
import { api, startServer, stopServer } from './lib/server-process.mjs';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const RUNS = Number(args.runs);
const FCP_LIMIT_MS = 1000;
const CHROMIUM = process.env.HECATE_CHROMIUM ?? '/usr/bin/chromium';
const log = (msg) => process.stderr.write(`[bench:console] ${msg}\n`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Runs in the page before its scripts: notes when the first <h1> appears.
const READY_PROBE = `
  new MutationObserver((_, observer) => {
    if (document.querySelector('h1') !== null && window.__h1At === undefined) {
      window.__h1At = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;

async function measure(browser, url, setup) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(READY_PROBE);
  if (setup) await context.addInitScript(setup);
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  // A function, not a string: the console's Content-Security-Policy forbids eval in the page.
  await page.waitForFunction(() => window.__h1At !== undefined, undefined, { timeout: 10_000 });
  const result = await page.evaluate(`({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    ready: window.__h1At,
  })`);
  await context.close();
  return result;
}

const size = firstLoad();
console.log('first load (gzipped, as served):');
for (const f of size.files) console.log(`  ${f.path.padEnd(40)} ${String(f.gzipBytes).padStart(8)} B  (${f.bytes} B raw)`);
console.log(`  total ${(size.totalGzipBytes / 1024).toFixed(1)} KB gzipped; limit ${FIRST_LOAD_BUDGET_BYTES / 1024} KB`);

const dataDir = await mkdtemp(join(os.tmpdir(), 'hecate-bench-console-'));
const password = `bench-${Date.now()}-password`;
const server = await startServer({ dataDir, password });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
let failed = size.totalGzipBytes > FIRST_LOAD_BUDGET_BYTES;
try {
  const { token } = await api(server, 'POST', '/api/v1/auth/login', { username: 'admin', password });
  await api(server, 'POST', '/api/v1/connectors', { name: 'bench', parser: 'json' }, token);
  const scenarios = [
    { name: 'sign-in page', url: `${server.url}/sign-in` },
    { name: 'connector list (signed in)', url: `${server.url}/connectors`, setup: `localStorage.setItem('hecate.session', ${JSON.stringify(token)})` },
  ];
  // One warm-up: the server reads and gzips each file once, then serves it from memory.
  await measure(browser, scenarios[0].url);
  console.log(`\npaint timings on localhost, ${RUNS} cold runs each (ms):`);
  for (const s of scenarios) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await measure(browser, s.url, s.setup));
    const fcp = runs.map((r) => r.fcp);
    const ready = runs.map((r) => r.ready);
    const worst = Math.max(...fcp);
    if (!(worst <= FCP_LIMIT_MS)) failed = true;
    console.log(
      `  ${s.name.padEnd(28)} first-contentful-paint median ${median(fcp).toFixed(0)}, max ${worst.toFixed(0)} (limit ${FCP_LIMIT_MS});` +
        ` view ready median ${median(ready).toFixed(0)}, max ${Math.max(...ready).toFixed(0)}`,
    );
  }
} finally {
  await browser.close();
  await stopServer(server);
  await rm(dataDir, { recursive: true, force: true });
}
log(failed ? 'OVER BUDGET' : 'within budget');
process.exitCode = failed ? 1 : 0;
