/**
 * Ready-to-paste examples for sending to a connector: curl, hecate-collector, the SDK, Vector, Fluent
 * Bit and the OpenTelemetry Collector. Every shipper speaks HEC unmodified; only the URL and the key
 * change. Right after creation the real key is filled in; later a placeholder stands for it (the key
 * is never shown again). Pure functions: unit tested in snippets.test.ts.
 */

export type SnippetId = 'curl' | 'collector' | 'sdk' | 'vector' | 'fluent-bit' | 'otel';

export interface Snippet {
  id: SnippetId;
  /** Tab label. */
  label: string;
  /** What the text is: a file name or a command. */
  caption: string;
  text: string;
}

export interface SnippetInput {
  connectorName: string;
  /** `<public URL>/services/collector` as the API gives it. */
  ingestUrl: string;
  /** The key, when it is known (right after creating or regenerating it). */
  apiKey?: string;
}

export const KEY_PLACEHOLDER = '<API key>';

/** The server's base URL: the ingest URL without `/services/collector`. */
export function baseUrlOf(ingestUrl: string): string {
  return ingestUrl.replace(/\/services\/collector\/?$/, '');
}

/** A YAML/config-friendly identifier from a connector name: `Paris firewalls` → `paris_firewalls`. */
export function identifierOf(name: string): string {
  const id = name.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return id === '' || /^[0-9]/.test(id) ? `hecate_${id}` : id;
}

/** A double-quoted YAML (and JSON) string. */
function quoted(value: string): string {
  return JSON.stringify(value);
}

/** A single-quoted shell word. */
function shellWord(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function snippetsFor({ connectorName, ingestUrl, apiKey }: SnippetInput): Snippet[] {
  const key = apiKey ?? KEY_PLACEHOLDER;
  const base = baseUrlOf(ingestUrl);
  const url = new URL(base);
  const tls = url.protocol === 'https:';
  const port = url.port !== '' ? url.port : tls ? '443' : '80';
  const id = identifierOf(connectorName);
  const event = JSON.stringify({ event: { message: `hello from curl`, connector: connectorName }, sourcetype: 'curl' });

  return [
    {
      id: 'curl',
      label: 'curl',
      caption: 'Send one test event from a shell',
      text: [`curl ${shellWord(ingestUrl)} \\`, `  -H ${shellWord(`Authorization: Splunk ${key}`)} \\`, `  -d ${shellWord(event)}`].join('\n'),
    },
    {
      id: 'collector',
      label: 'hecate-collector',
      caption: 'collector.yaml (npx hecate-collector --config collector.yaml)',
      text: [
        'dataDirectory: /var/lib/hecate-collector',
        'sources:',
        '  syslog_udp:',
        '    type: syslog',
        '    mode: udp',
        '    port: 1514',
        `    sink: ${id}`,
        '  app_logs:',
        '    type: file',
        '    include: [/var/log/app/*.log]',
        `    sink: ${id}`,
        'sinks:',
        `  ${id}:`,
        '    type: hec',
        `    url: ${quoted(base)}`,
        `    token: ${quoted(key)}`,
        '    queue: {type: disk, maxLimitInMB: 1024, fullAction: pause}',
      ].join('\n'),
    },
    {
      id: 'sdk',
      label: 'SDK',
      caption: 'send.mjs (npm install @hecate/sdk)',
      text: [
        "import { HEC } from '@hecate/sdk';",
        '',
        `const hec = new HEC({ url: ${quoted(base)}, apiKey: ${quoted(key)} });`,
        "await hec.sendEvent({ event: { message: 'hello from the SDK' }, sourcetype: 'sdk' });",
        'await hec.close();',
      ].join('\n'),
    },
    {
      id: 'vector',
      label: 'Vector',
      caption: 'vector.yaml: a splunk_hec_logs sink',
      text: [
        'sinks:',
        `  ${id}:`,
        '    type: splunk_hec_logs',
        '    inputs: [my_source]',
        `    endpoint: ${quoted(base)}`,
        `    default_token: ${quoted(key)}`,
        '    compression: gzip',
        '    encoding:',
        '      codec: json',
      ].join('\n'),
    },
    {
      id: 'fluent-bit',
      label: 'Fluent Bit',
      caption: 'fluent-bit.conf: the splunk output',
      text: [
        '[OUTPUT]',
        '    name          splunk',
        '    match         *',
        `    host          ${url.hostname}`,
        `    port          ${port}`,
        `    splunk_token  ${key}`,
        `    tls           ${tls ? 'on' : 'off'}`,
      ].join('\n'),
    },
    {
      id: 'otel',
      label: 'OpenTelemetry',
      caption: 'otel-collector.yaml: the splunk_hec exporter (collector-contrib)',
      text: [
        'receivers:',
        '  otlp:',
        '    protocols:',
        '      http:',
        'exporters:',
        '  splunk_hec:',
        `    endpoint: ${quoted(ingestUrl)}`,
        `    token: ${quoted(key)}`,
        '    source: otel',
        '    sourcetype: otel',
        'service:',
        '  pipelines:',
        '    logs:',
        '      receivers: [otlp]',
        '      exporters: [splunk_hec]',
      ].join('\n'),
    },
  ];
}
