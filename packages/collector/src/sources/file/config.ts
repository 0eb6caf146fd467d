import type { ObjectSchema } from '../../config/schema-types.js';
import type { TransformConfig } from '../../transforms/config.js';

export interface FileSourceConfig {
  type: 'file';
  sink: string;
  transforms: TransformConfig[];
  include: string[];
  exclude: string[];
  excludeExtensions: string[];
  inactivityTimeout: number;
  multiLineBeginsWith?: string;
  multiLineContinuesWith?: string;
}

export const FILE_SOURCE_KEYS: ObjectSchema['keys'] = {
  include: { kind: 'stringList', required: true, description: 'Glob(s) of files to read (`*`, `?`, `**`, `[abc]`). A string or a list.' },
  exclude: { kind: 'stringList', default: [], description: 'Glob(s) of files to skip, matched against the full path.' },
  excludeExtensions: { kind: 'stringList', default: ['xz', 'tgz', 'z', 'zip', '7z'], description: 'File extensions (without the dot) to skip. `.gz` and `.bz2` files are decompressed (bz2 with the system `bzip2`) and read once.' },
  inactivityTimeout: { kind: 'integer', min: 1, max: 86_400, default: 60, description: 'Seconds without new data after which a file is closed (it is reopened when it grows).' },
  multiLineBeginsWith: { kind: 'string', description: 'Regular expression: a line matching it starts a new event; other lines are appended to the previous one. An event is sent once it holds 10,000 lines or 1 Mi characters, and the next line starts another.' },
  multiLineContinuesWith: { kind: 'string', description: 'Regular expression: a line matching it continues the previous event (up to the same 10,000 lines or 1 Mi characters).' },
};
