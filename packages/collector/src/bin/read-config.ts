import fs from 'node:fs';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import type { CollectorConfig } from '../config/schema.js';

/** The config in `file`, validated; a file that cannot be read is a ConfigError like an invalid one. */
export function readConfig(file: string): CollectorConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([{ path: '(file)', message: `cannot read ${file}: ${(error as Error).message}` }]);
  }
  return loadConfig(text);
}
