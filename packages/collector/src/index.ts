/** @hecate/collector — the hecate-collector data shipper: config, sources, transforms, queues, HEC sink. */
export { Collector, type CollectorStats } from './collector.js';
export { loadConfig } from './config/load-config.js';
export { ConfigError, type ConfigIssue } from './config/config-error.js';
export { renderConfigDocs, DOCS_BEGIN, DOCS_END } from './config/render-config-docs.js';
export type { CollectorConfig, SourceConfig, SinkConfig } from './config/schema.js';
export type { CollectEvent, Source, SourceOutput } from './event.js';
export { createLogger, type Logger, type LogLevel } from './logger.js';
