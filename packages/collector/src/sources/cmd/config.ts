import type { ObjectSchema } from '../../config/schema-types.js';
import type { TransformConfig } from '../../transforms/config.js';

export interface CmdSourceConfig {
  type: 'cmd';
  sink: string;
  transforms: TransformConfig[];
  cmd: string;
  args: string[];
  mode: 'scheduled' | 'streaming';
  /** Seconds between the starts of scheduled runs; absent means DEFAULT_INTERVAL_SECONDS. Scheduled mode only. */
  interval?: number;
  outputMode: 'streaming' | 'consolidateOutput';
  workingDir?: string;
  environment?: Record<string, string>;
}

export const DEFAULT_INTERVAL_SECONDS = 60;

export const CMD_SOURCE_KEYS: ObjectSchema['keys'] = {
  cmd: { kind: 'string', required: true, description: 'The program to run: a path, or a name looked up on PATH. It is run directly, not through a shell (use `cmd: sh` and `args: [-c, "…"]` for pipes).' },
  args: { kind: 'stringList', default: [], description: 'Arguments passed to the program, one per item.' },
  mode: {
    kind: 'enum',
    values: ['scheduled', 'streaming'],
    default: 'streaming',
    description: '`streaming`: run once and read its output for as long as it runs; if it exits it is restarted (after 1 s, doubling to 60 s while it keeps failing). `scheduled`: run every `interval` seconds; a run that is still going delays the next one, runs never overlap.',
  },
  interval: { kind: 'integer', min: 1, max: 7 * 86_400, defaultText: `${DEFAULT_INTERVAL_SECONDS}`, description: 'Seconds between the starts of two scheduled runs (mode: scheduled only).' },
  outputMode: {
    kind: 'enum',
    values: ['streaming', 'consolidateOutput'],
    default: 'streaming',
    description: '`streaming`: each stdout line is an event. `consolidateOutput`: the whole stdout of a scheduled run is one event (mode: scheduled only).',
  },
  workingDir: { kind: 'string', defaultText: "the collector's", description: 'Directory the program runs in.' },
  environment: { kind: 'stringMap', description: "Variables added to the collector's environment for the program (values may use `${VAR}`)." },
};
