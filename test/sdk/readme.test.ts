/** The package README's example, run as written (through the built package) against a real server. */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT, marker, startHecate } from '../helpers/server.js';
import type { Hecate } from '../helpers/server.js';

const run = promisify(execFile);
let hecate: Hecate;
// Inside the repository so that `@hecate/sdk` resolves through the workspace link.
const scratch = path.join(REPO_ROOT, 'test-artifacts', marker('readme'));

beforeAll(async () => {
  hecate = await startHecate();
  await mkdir(scratch, { recursive: true });
});

afterAll(async () => {
  await hecate?.dispose();
  await rm(scratch, { recursive: true, force: true });
});

it('runs the README example as written', async () => {
  const readme = await readFile(path.join(REPO_ROOT, 'packages/sdk/README.md'), 'utf8');
  const example = /## Example\s+```js\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toBeDefined();
  expect(example!.split('\n').filter((l) => l.trim() !== '').length).toBeLessThanOrEqual(10);
  const script = path.join(scratch, 'example.mjs');
  await writeFile(script, example!);
  const connector = await hecate.createConnector({ name: 'readme' });
  const env = { ...process.env, HECATE_URL: hecate.url, HECATE_API_KEY: connector.apiKey, HECATE_TOKEN: hecate.adminToken };
  const { stdout } = await run(process.execPath, [script], { env, cwd: scratch });
  expect(stdout).toMatch(/^\d+ event\(s\) found\n$/);
  expect(await hecate.waitForEvents('"hello from the SDK"', 1)).toHaveLength(1);
  expect(await hecate.waitForEvents('FalconPy-shaped', 1)).toHaveLength(1);
});
