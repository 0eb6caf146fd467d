/**
 * Turns the router's per-response report into an audit record: appended to SQLite (durable, listed by
 * GET /api/v1/audit) and written as an event to `#repo=audit` through the buffered event writer
 * (searchable; dropped and counted when the store is busy, the SQLite row stays).
 *
 * Audited: every write (POST/PUT/PATCH/DELETE except read-only POSTs such as search) and every
 * sign-in, successful or not. GETs are not audited. Nothing secret is recorded: names and ids only;
 * a failed sign-in records the attempted username, never the password.
 */
import type { ResponseInfo } from '../api/router.js';
import type { StoredEvent } from '../events.js';
import type { BufferedEventWriter } from '../internal-events/buffered-event-writer.js';
import { nextId } from '../parse/event-builder.js';
import { auditAction, isAudited } from './audit-action.js';
import { auditNoteOf } from './audit-note.js';
import type { AuditEntry, AuditStore, NewAuditEntry } from './audit-store.js';

export const AUDIT_REPO = 'audit';
export const AUDIT_TYPE = 'audit';

/** Longest attempted username kept: a sign-in body is the client's to fill. */
const MAX_ATTEMPTED_NAME = 128;

export interface AuditRecorderDeps {
  store: AuditStore;
  writer: Pick<BufferedEventWriter, 'write'>;
  /** A target's current name by id (a connector's, a user's), for records whose answer does not name it. */
  nameOf?(id: string): string | undefined;
  now?: () => number;
}

export class AuditRecorder {
  private failures = 0;
  private readonly now: () => number;

  constructor(private readonly deps: AuditRecorderDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** The router's onResponse hook. */
  readonly onResponse = (info: ResponseInfo): void => {
    if (!isAudited(info.method, info.route)) return;
    let entry: AuditEntry;
    try {
      entry = this.deps.store.append(this.entryFor(info));
    } catch (err) {
      // A full disk must not turn a successful change into an error answer (it was already sent).
      this.failures++;
      throw err;
    }
    this.deps.writer.write(auditEvent(entry));
  };

  /** Records that could not be appended to SQLite (logged by the router). */
  stats(): { appendFailures: number } {
    return { appendFailures: this.failures };
  }

  private entryFor(info: ResponseInfo): NewAuditEntry {
    const note = auditNoteOf(info.req);
    const attempted = note?.attemptedUser?.slice(0, MAX_ATTEMPTED_NAME);
    const actor = info.user?.username ?? attempted ?? '-';
    // A successful sign-in has no caller yet (the route is public) but did prove who it is.
    const signedIn = info.user === undefined && attempted !== undefined && info.status < 400;
    const actorType: AuditEntry['actorType'] =
      info.user === undefined ? (signedIn ? 'user' : 'anonymous') : info.user.apiTokenId !== undefined ? 'api_token' : 'user';
    const targetId = note?.targetId ?? info.params.id ?? info.result?.id;
    let targetName = note?.targetName ?? info.result?.name;
    if (targetName === undefined && targetId !== undefined) {
      targetName = this.deps.nameOf?.(targetId) ?? this.deps.store.lastKnownName(targetId);
    }
    const address = info.req.socket.remoteAddress;
    return {
      at: this.now(),
      actor,
      actorType,
      ...(info.user?.apiTokenId !== undefined ? { apiTokenId: info.user.apiTokenId } : {}),
      action: auditAction(info.method, info.route),
      method: info.method,
      route: info.route,
      ...(targetId !== undefined ? { targetId } : {}),
      ...(targetName !== undefined ? { targetName } : {}),
      ...(address !== undefined ? { clientIp: address.startsWith('::ffff:') ? address.slice(7) : address } : {}),
      status: info.status,
      ...(info.errorCode !== undefined ? { errorCode: info.errorCode } : {}),
    };
  }
}

/** The searchable form of an audit record (`#repo=audit`). */
export function auditEvent(e: AuditEntry): StoredEvent {
  const fields: Record<string, string> = {
    audit_id: String(e.id),
    actor: e.actor,
    actor_type: e.actorType,
    action: e.action,
    method: e.method,
    route: e.route,
    status_code: String(e.status),
    outcome: e.status < 400 ? 'success' : 'failure',
  };
  if (e.apiTokenId !== undefined) fields.api_token_id = e.apiTokenId;
  if (e.targetId !== undefined) fields.target_id = e.targetId;
  if (e.targetName !== undefined) fields.target_name = e.targetName;
  if (e.clientIp !== undefined) fields.client_ip = e.clientIp;
  if (e.errorCode !== undefined) fields.error_code = e.errorCode;
  const target = e.targetName ?? e.targetId;
  return {
    id: nextId(e.at),
    timestamp: e.at,
    timestampNanos: 0,
    ingestTimestamp: e.at,
    rawstring: `${e.actor} ${e.action}${target !== undefined ? ` ${target}` : ''} → ${e.status}${e.errorCode !== undefined ? ` ${e.errorCode}` : ''}`,
    host: null,
    source: null,
    sourcetype: null,
    connector: '',
    repo: AUDIT_REPO,
    type: AUDIT_TYPE,
    connectionId: '',
    requestId: '',
    tags: {},
    fields,
  };
}
