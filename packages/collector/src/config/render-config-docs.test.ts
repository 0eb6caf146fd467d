import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOCS_BEGIN, DOCS_END, renderConfigDocs } from './render-config-docs.js';

describe('docs/collector.md', () => {
  it('contains the config reference exactly as the schema renders it (regenerate: hecate-collector config docs)', () => {
    const doc = fs.readFileSync(new URL('../../../../docs/collector.md', import.meta.url), 'utf8');
    const start = doc.indexOf(DOCS_BEGIN);
    const end = doc.indexOf(DOCS_END);
    expect(start).toBeGreaterThan(0);
    expect(doc.slice(start + DOCS_BEGIN.length, end).trim()).toBe(renderConfigDocs().trim());
  });

  it('documents every key of every component', () => {
    const rendered = renderConfigDocs();
    for (const key of ['dataDirectory', 'maxEventSize', 'receiveBufferSize', 'multiLineBeginsWith', 'excludeExtensions', 'compressionLevel', 'flushTimeOutInMillisecond', 'storageDir', 'caFile']) {
      expect(rendered).toContain(`\`${key}\``);
    }
  });
});
