export { startHecate, type RunningHecate, type StartOptions } from './server.js';
export { loadConfig, ConfigError } from './config/load-config.js';
export { CONFIG_SCHEMA, type HecateConfig } from './config/schema.js';
export type { IncomingEvent, StoredEvent, CommitRecord } from './events.js';
