import { describe, expect, it } from 'vitest';
import { KEY_PLACEHOLDER, baseUrlOf, identifierOf, snippetsFor } from './snippets.js';

const KEY = 'hec_Zm9v-YmFy_YmF6';

describe('the sending snippets', () => {
  const snippets = snippetsFor({ connectorName: 'Paris firewalls', ingestUrl: 'https://hecate.example.net:8088/services/collector', apiKey: KEY });
  const text = (id: string): string => snippets.find((s) => s.id === id)?.text ?? '';

  it('offers curl, the collector, the SDK, Vector, Fluent Bit and OpenTelemetry', () => {
    expect(snippets.map((s) => s.id)).toEqual(['curl', 'collector', 'sdk', 'vector', 'fluent-bit', 'otel']);
  });

  it('puts the key in every snippet', () => {
    for (const snippet of snippets) expect(snippet.text, snippet.id).toContain(KEY);
  });

  it('sends curl to the ingest URL with the Splunk authorization header', () => {
    expect(text('curl')).toContain("curl 'https://hecate.example.net:8088/services/collector'");
    expect(text('curl')).toContain(`-H 'Authorization: Splunk ${KEY}'`);
  });

  it('gives base URLs where the shipper adds the path itself, and the ingest URL to OpenTelemetry', () => {
    expect(text('vector')).toContain('endpoint: "https://hecate.example.net:8088"\n');
    expect(text('collector')).toContain('url: "https://hecate.example.net:8088"\n');
    expect(text('otel')).toContain('endpoint: "https://hecate.example.net:8088/services/collector"');
  });

  it('splits host, port and TLS for Fluent Bit', () => {
    expect(text('fluent-bit')).toMatch(/host +hecate\.example\.net\n/);
    expect(text('fluent-bit')).toMatch(/port +8088\n/);
    expect(text('fluent-bit')).toMatch(/tls +on$/);
    const plain = snippetsFor({ connectorName: 'x', ingestUrl: 'http://10.1.2.3/services/collector' }).find((s) => s.id === 'fluent-bit');
    expect(plain?.text).toMatch(/port +80\n/);
    expect(plain?.text).toMatch(/tls +off$/);
  });

  it('names collector and Vector sinks after the connector', () => {
    expect(text('collector')).toContain('  paris_firewalls:\n    type: hec');
    expect(text('vector')).toContain('  paris_firewalls:\n    type: splunk_hec_logs');
  });

  it('uses a placeholder when the key is not known', () => {
    const later = snippetsFor({ connectorName: 'fw', ingestUrl: 'http://127.0.0.1:8088/services/collector' });
    for (const snippet of later) expect(snippet.text, snippet.id).toContain(KEY_PLACEHOLDER);
  });

  it('quotes a single quote in the curl body for the shell', () => {
    const curl = snippetsFor({ connectorName: "o'brien", ingestUrl: 'http://127.0.0.1:8088/services/collector', apiKey: KEY })[0];
    expect(curl?.text).toContain(`o'\\''brien`);
  });
});

describe('snippet helpers', () => {
  it.each([
    ['http://127.0.0.1:8088/services/collector', 'http://127.0.0.1:8088'],
    ['https://h.example/services/collector/', 'https://h.example'],
  ])('baseUrlOf(%s) is %s', (url, base) => {
    expect(baseUrlOf(url)).toBe(base);
  });

  it.each([
    ['fw-paris', 'fw_paris'],
    ['Paris firewalls', 'paris_firewalls'],
    ['9lives', 'hecate_9lives'],
    ['...', 'hecate_'],
  ])('identifierOf(%s) is %s', (name, id) => {
    expect(identifierOf(name)).toBe(id);
  });
});
