import type { ObjectSchema } from '../../config/schema-types.js';
import type { TransformConfig } from '../../transforms/config.js';

export interface JournaldSourceConfig {
  type: 'journald';
  sink: string;
  transforms: TransformConfig[];
  directory?: string;
  includeUnits: string[];
  excludeUnits: string[];
  currentBootOnly: boolean;
}

export const JOURNALD_SOURCE_KEYS: ObjectSchema['keys'] = {
  directory: { kind: 'string', defaultText: 'the local journal', description: 'A journal directory to read instead of the local journal (`journalctl --directory`), e.g. journals copied from another host.' },
  includeUnits: { kind: 'stringList', default: [], description: 'Only entries of these systemd units (`sshd` means `sshd.service`). Empty: every unit.' },
  excludeUnits: { kind: 'stringList', default: [], description: 'Entries of these units are skipped (they still advance the cursor).' },
  currentBootOnly: { kind: 'boolean', default: false, description: 'Only entries of the current boot. Otherwise the first start reads the whole journal; later starts resume after the saved cursor.' },
};
