import { afterEach, describe, expect, it } from 'vitest';
import { HEC } from './hec.js';
import { redact } from './redacting-logger.js';
import { fakeHec } from './fake-hec.test-helper.js';
import type { FakeHec } from './fake-hec.test-helper.js';

const KEY = 'secret-key-7f3a9c';
let fake: FakeHec | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('logging', () => {
  it('redacts the key and any credential from a message', () => {
    expect(redact(`key ${KEY} and Authorization: Bearer abc.def`, [KEY])).toBe('key *** and Authorization: Bearer ***');
  });

  it('never hands the key to the logger, through retries, failures and connection tests', async () => {
    // The server echoes the key back in its error text, the worst case for a logger.
    fake = await fakeHec((_req, i) =>
      i < 2 ? { status: 503, body: { text: `busy for ${KEY}`, code: 9 } } : { status: 403, body: { text: `Invalid token ${KEY}`, code: 4 } },
    );
    const lines: string[] = [];
    const sink = (m: string) => lines.push(m);
    const hec = new HEC({ url: fake.url, apiKey: KEY, retryBaseMs: 1, logger: { debug: sink, info: sink, warn: sink, error: sink } });
    await expect(hec.sendEvent('x')).rejects.toThrow();
    expect(await hec.testConnection()).toBe(false);
    await hec.close();
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.join('\n')).not.toContain(KEY);
    expect(lines.join('\n')).toContain('***');
  });
});
