/** A fresh metadata database in a temporary directory, for the auth stores' unit tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMetadataDb, type MetadataDb } from '../metadata/metadata-db.js';

export function tempMetadataDb(): { dir: string; db: MetadataDb } {
  const dir = mkdtempSync(join(tmpdir(), 'hecate-auth-'));
  return { dir, db: openMetadataDb(dir) };
}
