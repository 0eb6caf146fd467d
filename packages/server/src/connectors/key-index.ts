/**
 * The in-memory index from API-key hash to connector that the HEC hot path uses (SQLite is never
 * touched per request). A connector has one current key and, during a rotation grace period, one
 * previous key that still works until `validUntil`; an expired previous key is dropped on the
 * first lookup after its end, so no restart or timer is needed for it to stop working.
 *
 * Only SHA-256 digests are held. A lookup finds the candidate by digest, then compares the digests
 * in constant time, as `auth/secret-token.ts` prescribes.
 */
import { sameHash } from '../auth/secret-token.js';

export interface PreviousKey {
  hash: string;
  fingerprint: string;
  /** Unix ms; the key is refused from this instant on. */
  validUntil: number;
}

export interface KeyMatch {
  connectorId: string;
  /** Which of the connector's keys matched. */
  which: 'current' | 'previous';
}

interface Entry extends KeyMatch {
  hash: string;
  validUntil?: number;
}

export class KeyIndex {
  private readonly byHash = new Map<string, Entry>();
  private readonly hashesById = new Map<string, { current: string; previous?: string }>();

  /** Sets a connector's keys, replacing whatever it had (a previous key already expired is not kept). */
  set(connectorId: string, currentHash: string, previous?: PreviousKey): void {
    this.delete(connectorId);
    this.byHash.set(currentHash, { connectorId, which: 'current', hash: currentHash });
    const hashes: { current: string; previous?: string } = { current: currentHash };
    if (previous !== undefined) {
      this.byHash.set(previous.hash, { connectorId, which: 'previous', hash: previous.hash, validUntil: previous.validUntil });
      hashes.previous = previous.hash;
    }
    this.hashesById.set(connectorId, hashes);
  }

  delete(connectorId: string): void {
    const hashes = this.hashesById.get(connectorId);
    if (hashes === undefined) return;
    this.byHash.delete(hashes.current);
    if (hashes.previous !== undefined) this.byHash.delete(hashes.previous);
    this.hashesById.delete(connectorId);
  }

  /** The connector whose key has this digest, if that key is valid at `now`. */
  find(digest: string, now: number): KeyMatch | undefined {
    const entry = this.byHash.get(digest);
    if (entry === undefined || !sameHash(entry.hash, digest)) return undefined;
    if (entry.validUntil !== undefined && now >= entry.validUntil) {
      this.byHash.delete(digest);
      const hashes = this.hashesById.get(entry.connectorId);
      if (hashes?.previous === digest) delete hashes.previous;
      return undefined;
    }
    return entry;
  }

  /** Number of digests held (current and previous keys): what the grace period costs in memory. */
  get size(): number {
    return this.byHash.size;
  }
}
