/**
 * Credential extraction (protocol reference §2.1–§2.2): where the token came from, or why there is none.
 * Looking the token up, and the checks that need the token's settings, belong to the caller.
 */
import { HecCode } from './status.js';

export type CredentialSource = 'query' | 'splunk' | 'bearer' | 'basic';

export type CredentialResult =
  | { ok: true; credential: string; via: CredentialSource }
  | { ok: false; code: typeof HecCode.TokenRequired | typeof HecCode.InvalidAuthorization };

const utf8 = new TextDecoder();

/**
 * `queryToken` is the `token` query parameter when present (even empty): it takes precedence over the
 * header even if query-string auth is disabled for the token — the caller then answers code 16.
 */
export function extractCredential(authorization: string | undefined, queryToken?: string): CredentialResult {
  if (queryToken !== undefined) return { ok: true, credential: queryToken, via: 'query' };
  const header = authorization?.trim();
  if (header === undefined || header === '') return { ok: false, code: HecCode.TokenRequired };
  const space = header.indexOf(' ');
  if (space < 0) return { ok: false, code: HecCode.InvalidAuthorization };
  const scheme = header.slice(0, space).toLowerCase();
  const rest = header.slice(space + 1).trim();
  if (rest === '') return { ok: false, code: HecCode.InvalidAuthorization };
  if (scheme === 'splunk') return { ok: true, credential: rest, via: 'splunk' };
  if (scheme === 'bearer') return { ok: true, credential: rest, via: 'bearer' };
  if (scheme === 'basic') {
    const password = basicPassword(rest);
    if (password !== undefined) return { ok: true, credential: password, via: 'basic' };
  }
  return { ok: false, code: HecCode.InvalidAuthorization };
}

/** The password of `base64(user:password)`; the user name is ignored, as Splunk does. */
function basicPassword(encoded: string): string | undefined {
  let binary: string;
  try {
    binary = atob(encoded);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const pair = utf8.decode(bytes);
  const colon = pair.indexOf(':');
  if (colon < 0) return undefined;
  const password = pair.slice(colon + 1);
  return password === '' ? undefined : password;
}
