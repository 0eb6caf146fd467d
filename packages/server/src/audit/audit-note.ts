/**
 * What a route handler knows for the audit record that the router cannot see: the username a sign-in
 * attempted (it is in the body), or a target the answer does not name. Kept per request in a WeakMap,
 * so it goes away with the request and routes need no new context field.
 */
import type { IncomingMessage } from 'node:http';

export interface AuditNote {
  /** The username a sign-in attempted (never the password). */
  attemptedUser?: string;
  targetId?: string;
  targetName?: string;
}

const notes = new WeakMap<IncomingMessage, AuditNote>();

export function noteForAudit(req: IncomingMessage, note: AuditNote): void {
  notes.set(req, { ...notes.get(req), ...note });
}

export function auditNoteOf(req: IncomingMessage): AuditNote | undefined {
  return notes.get(req);
}
