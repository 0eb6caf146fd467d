/**
 * From YAML text to a frozen, checked CollectorConfig: parse, expand environment variables, check
 * against the schema, then the rules that span keys (a source's sink exists, buffer sizes agree).
 */
import { parseDocument } from 'yaml';
import { ConfigError, quote } from './config-error.js';
import type { ConfigIssue } from './config-error.js';
import { expandEnv } from './expand-env.js';
import { COLLECTOR_SCHEMA } from './schema.js';
import type { CollectorConfig } from './schema.js';
import { validateObject } from './validate.js';
import { TLS_VERSIONS } from '../sources/syslog-tls/config.js';
import type { SyslogTlsSourceConfig } from '../sources/syslog-tls/config.js';

export function loadConfig(text: string, env: NodeJS.ProcessEnv = process.env): CollectorConfig {
  const issues: ConfigIssue[] = [];
  const document = parseDocument(expandEnv(text, env, issues), { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new ConfigError([...issues, ...document.errors.map((error) => ({ path: '(yaml)', message: error.message }))]);
  }
  const checked = validateObject(COLLECTOR_SCHEMA, document.toJS(), '', issues);
  if (checked !== undefined) crossChecks(checked as unknown as CollectorConfig, issues);
  if (issues.length > 0 || checked === undefined) throw new ConfigError(issues);
  return deepFreeze(checked as unknown as CollectorConfig);
}

/** Source and sink names become file names (checkpoints, cursors, disk queues) under dataDirectory. */
function checkName(kind: 'sources' | 'sinks', name: string, issues: ConfigIssue[]): void {
  if (name.includes('/') || name.includes('\\') || name.includes('\0') || name === '.' || name === '..') {
    issues.push({ path: `${kind}.${name}`, message: `${quote(name)} is not allowed as a name: it names files under dataDirectory, so it cannot contain / or \\ or be . or ..` });
  }
}

function crossChecks(config: CollectorConfig, issues: ConfigIssue[]): void {
  const sinkNames = Object.keys(config.sinks ?? {});
  for (const name of Object.keys(config.sources ?? {})) checkName('sources', name, issues);
  for (const name of sinkNames) checkName('sinks', name, issues);
  for (const [name, source] of Object.entries(config.sources ?? {})) {
    if (source.sink !== undefined && !sinkNames.includes(source.sink)) {
      issues.push({ path: `sources.${name}.sink`, message: `${quote(source.sink)} is not a sink: defined sinks are ${sinkNames.join(', ') || '(none)'}` });
    }
    if ((source.type === 'syslog' || source.type === 'syslog_tls') && source.receiveBufferSize !== undefined && source.receiveBufferSize <= source.maxEventSize) {
      issues.push({ path: `sources.${name}.receiveBufferSize`, message: `${source.receiveBufferSize} is not allowed: must be larger than maxEventSize (${source.maxEventSize})` });
    }
    for (const [i, transform] of (source.transforms ?? []).entries()) {
      if (transform.type === 'regex_filter') checkRegex(transform.pattern, `sources.${name}.transforms[${i}].pattern`, issues);
    }
    if (source.type === 'file') {
      for (const key of ['multiLineBeginsWith', 'multiLineContinuesWith'] as const) {
        const pattern = source[key];
        if (pattern !== undefined) checkRegex(pattern, `sources.${name}.${key}`, issues);
      }
    }
    if (source.type === 'syslog_tls') syslogTlsChecks(source, `sources.${name}`, issues);
    if (source.type === 'cmd' && source.mode === 'streaming') {
      if (source.interval !== undefined) issues.push({ path: `sources.${name}.interval`, message: 'applies only to mode: scheduled (a streaming command runs continuously): remove it or set mode: scheduled' });
      if (source.outputMode === 'consolidateOutput') issues.push({ path: `sources.${name}.outputMode`, message: '"consolidateOutput" applies only to mode: scheduled: use outputMode: streaming or set mode: scheduled' });
    }
  }
  for (const [name, sink] of Object.entries(config.sinks ?? {})) {
    if (sink.url !== undefined) {
      let url: URL | undefined;
      try {
        url = new URL(sink.url);
      } catch {
        url = undefined;
      }
      if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
        issues.push({ path: `sinks.${name}.url`, message: `${quote(sink.url)} is not allowed: expected an http:// or https:// URL` });
      }
    }
    if (sink.tls?.caCert !== undefined && sink.tls.caFile !== undefined) {
      issues.push({ path: `sinks.${name}.tls`, message: 'caCert and caFile are exclusive: set one of them' });
    }
    if (sink.queue?.type === 'memory' && sink.queue.storageDir !== undefined) {
      issues.push({ path: `sinks.${name}.queue.storageDir`, message: 'only a disk queue has a storageDir: set type: disk or remove storageDir' });
    }
  }
}

function syslogTlsChecks(source: SyslogTlsSourceConfig, path: string, issues: ConfigIssue[]): void {
  const auth = source.clientAuthentication;
  // A bad type was reported already; what goes with it cannot be judged.
  if (auth?.type !== undefined) {
    if (auth.type === 'ca' && auth.caFile === undefined) issues.push({ path: `${path}.clientAuthentication.caFile`, message: 'is required with type: ca (the PEM file of the CA that signs client certificates)' });
    if (auth.type !== 'ca' && auth.caFile !== undefined) issues.push({ path: `${path}.clientAuthentication.caFile`, message: `applies only to type: ca (type is ${auth.type}): set type: ca or remove caFile` });
    if (auth.type === 'fingerprint' && (auth.fingerprints ?? []).length === 0) issues.push({ path: `${path}.clientAuthentication.fingerprints`, message: 'is required with type: fingerprint (at least one sha-1:… or sha-256:… fingerprint)' });
    if (auth.type !== 'fingerprint' && auth.fingerprints !== undefined) issues.push({ path: `${path}.clientAuthentication.fingerprints`, message: `applies only to type: fingerprint (type is ${auth.type}): set type: fingerprint or remove fingerprints` });
  }
  const versions = source.tls;
  if (versions !== undefined && TLS_VERSIONS.indexOf(versions.minVersion) > TLS_VERSIONS.indexOf(versions.maxVersion)) {
    issues.push({ path: `${path}.tls.minVersion`, message: `${quote(versions.minVersion)} is not allowed: must not be newer than maxVersion (${versions.maxVersion})` });
  }
}

function checkRegex(pattern: string, path: string, issues: ConfigIssue[]): void {
  try {
    new RegExp(pattern);
  } catch (error) {
    issues.push({ path, message: `${quote(pattern)} is not a valid regular expression: ${(error as Error).message}` });
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}
