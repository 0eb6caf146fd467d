import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigDocs } from './config-docs.js';

describe('docs/configuration.md', () => {
  it('is the current rendering of the schema (run `npm run docs:config` after changing it)', () => {
    const onDisk = readFileSync(new URL('../../../../docs/configuration.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(renderConfigDocs());
  });
});
