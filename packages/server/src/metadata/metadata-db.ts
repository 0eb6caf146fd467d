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
  // Users, roles, API tokens: the read_only search grant, a non-secret id per session (listing and
  // revoking one without its token), and API tokens for automation (stored as SHA-256 only).
  `ALTER TABLE users ADD COLUMN can_search INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE sessions ADD COLUMN id TEXT;
   UPDATE sessions SET id = lower(hex(randomblob(16))) WHERE id IS NULL;
   CREATE UNIQUE INDEX sessions_by_id ON sessions(id);
   CREATE INDEX sessions_by_user ON sessions(user_id);
   CREATE TABLE api_tokens (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     role TEXT NOT NULL,
     token_hash TEXT NOT NULL UNIQUE,
     fingerprint TEXT NOT NULL,
     created_by TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     created_at INTEGER NOT NULL,
     expires_at INTEGER,
     last_used_at INTEGER
   );`,
  // Connector lifecycle and status: the previous key during a rotation grace period, when each key
  // was last used, and the periodically saved activity of each connector (counters, senders).
  `ALTER TABLE connectors ADD COLUMN previous_key_hash TEXT;
   ALTER TABLE connectors ADD COLUMN previous_key_fingerprint TEXT;
   ALTER TABLE connectors ADD COLUMN previous_key_valid_until INTEGER;
   ALTER TABLE connectors ADD COLUMN key_last_used_at INTEGER;
   ALTER TABLE connectors ADD COLUMN previous_key_last_used_at INTEGER;
   CREATE TABLE connector_activity (
     connector_id TEXT NOT NULL REFERENCES connectors(id) ON DELETE CASCADE,
     kind TEXT NOT NULL,
     state TEXT NOT NULL,
     saved_at INTEGER NOT NULL,
     PRIMARY KEY (connector_id, kind)
   );`,
  // The audit log: one row per management write or sign-in (docs/audit.md). Never holds a secret.
  `CREATE TABLE audit_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at INTEGER NOT NULL,
     actor TEXT NOT NULL,
     actor_type TEXT NOT NULL,
     api_token_id TEXT,
     action TEXT NOT NULL,
     method TEXT NOT NULL,
     route TEXT NOT NULL,
     target_id TEXT,
     target_name TEXT,
     client_ip TEXT,
     status INTEGER NOT NULL,
     error_code TEXT
   );
   CREATE INDEX audit_log_by_actor ON audit_log(actor, id);
   CREATE INDEX audit_log_by_action ON audit_log(action, id);
   CREATE INDEX audit_log_by_target ON audit_log(target_id, id);`,
  // Custom parsers (docs/parsers.md): the parser template's content; built-ins live in YAML files.
  `CREATE TABLE parsers (
     name TEXT PRIMARY KEY,
     description TEXT NOT NULL DEFAULT '',
     script TEXT NOT NULL,
     tag_fields TEXT NOT NULL,
     fields_to_remove TEXT NOT NULL,
     test_cases TEXT NOT NULL,
     version INTEGER NOT NULL,
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
