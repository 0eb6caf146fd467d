/**
 * The signed-in session: a session token from `POST /api/v1/auth/login`, kept in localStorage so a
 * shared link opened in another tab is signed in too (it expires on the server after sessionTtlHours).
 * When the server answers 401 the token is forgotten and the app shows the sign-in page.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Me } from './types.js';

const STORAGE_KEY = 'hecate.session';

export interface SessionState {
  token: string | undefined;
  /** The signed-in user, once `GET /auth/me` answered. */
  me: Me | undefined;
  /** Why the last session ended, shown on the sign-in page. */
  endedBecause?: string;
}

const listeners = new Set<(state: SessionState) => void>();
let state: SessionState = { token: readToken(), me: undefined };

function readToken(): string | undefined {
  try {
    return window.localStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function set(next: SessionState): void {
  state = next;
  try {
    if (next.token === undefined) window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, next.token);
  } catch {
    // Storage may be disabled; the session then lasts as long as the page.
  }
  for (const listener of listeners) listener(state);
}

export function sessionState(): SessionState {
  return state;
}

export function startSession(token: string, me?: Me): void {
  set({ token, me });
}

export function setMe(me: Me): void {
  set({ ...state, me });
}

/** Forgets the token; `reason` is shown on the sign-in page. */
export function endSession(reason?: string): void {
  set(reason === undefined ? { token: undefined, me: undefined } : { token: undefined, me: undefined, endedBecause: reason });
}

export function useSession(): SessionState {
  const [value, setValue] = useState(state);
  useEffect(() => {
    listeners.add(setValue);
    if (value !== state) setValue(state);
    return () => {
      listeners.delete(setValue);
    };
  }, []);
  return value;
}

// Another tab signed out or in: follow it.
window.addEventListener('storage', (event) => {
  if (event.key !== STORAGE_KEY) return;
  const token = event.newValue ?? undefined;
  if (token !== state.token) set({ token, me: undefined });
});
