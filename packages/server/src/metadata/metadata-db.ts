/**
 * The metadata database: users, sessions and connectors (small, transactional) in SQLite
 * (`<dataDir>/metadata.sqlite`, WAL journal). Events live in the event store, never here.
 * Schema changes are numbered migrations applied in order at open; `user_version` records the last one.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';

export type MetadataDb = Database.Database;

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE users (
     id TEXT PRIMARY KEY,
     username TEXT NOT NULL UNIQUE,
     password_hash TEXT NOT NULL,
     role TEXT NOT NULL,
     disabled INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE sessions (
     token_hash TEXT PRIMARY KEY,
     user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL
   );
   CREATE TABLE connectors (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL UNIQUE,
     description TEXT NOT NULL DEFAULT '',
     parser TEXT NOT NULL,
     enabled INTEGER NOT NULL DEFAULT 1,
     api_key_hash TEXT NOT NULL UNIQUE,
     key_fingerprint TEXT NOT NULL,
     hec TEXT NOT NULL,
     last_event_at INTEGER,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );`,
];

export function openMetadataDb(dataDir: string): MetadataDb {
  const db = new Database(join(dataDir, 'metadata.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let i = version; i < MIGRATIONS.length; i++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[i] as string);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }
  return db;
}
