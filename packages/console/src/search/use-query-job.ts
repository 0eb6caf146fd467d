/**
 * Runs a search as a query job (docs/search.md): `POST /queryjobs` answers an id at once, polls show
 * the results so far and the progress (workDone of totalWork), and `DELETE` stops it. A job is deleted
 * as soon as it is finished, cancelled, replaced by a newer search or left (the view unmounts), so
 * the server never holds the console's jobs until they expire.
 *
 * The create request is never aborted: if the search is cancelled while it is in flight, the job is
 * deleted once its id is known, instead of being left to run unseen.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api/api-client.js';
import type { QueryJobPoll } from '../api/search-types.js';

export interface QueryJobRequest {
  queryString: string;
  start: string | number;
  end?: string | number;
  limit: number;
}

export type JobPhase = 'starting' | 'running' | 'done' | 'cancelled' | 'failed';

export interface QueryJobState {
  phase: JobPhase;
  /** The last poll: results so far while running, the final ones when done. */
  poll?: QueryJobPoll;
  error?: unknown;
}

/** Polls quickly at first (most jobs finish in milliseconds), then every second. */
const FIRST_POLL_MS = 100;
const MAX_POLL_MS = 1_000;

export function useQueryJob(request: QueryJobRequest, runKey: string): QueryJobState & { cancel(): void } {
  const [state, setState] = useState<QueryJobState>({ phase: 'starting' });
  const cancelRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    let finished = false;
    let id: string | undefined;
    let timer: number | undefined;
    let delay = FIRST_POLL_MS;
    const polls = new AbortController();
    setState({ phase: 'starting' });

    const forget = (): void => {
      if (id !== undefined) api('DELETE', `/queryjobs/${encodeURIComponent(id)}`).catch(() => undefined);
      id = undefined;
    };
    const stop = (): void => {
      finished = true;
      window.clearTimeout(timer);
      polls.abort();
      forget();
    };
    const poll = (): void => {
      if (finished || id === undefined) return;
      api<QueryJobPoll>('GET', `/queryjobs/${encodeURIComponent(id)}`, undefined, { signal: polls.signal }).then(
        (answer) => {
          if (finished) return;
          if (answer.done) {
            setState({ phase: 'done', poll: answer });
            stop();
            return;
          }
          setState({ phase: 'running', poll: answer });
          timer = window.setTimeout(poll, delay);
          delay = Math.min(MAX_POLL_MS, delay * 1.5);
        },
        (error: unknown) => {
          if (finished || (error as Error).name === 'AbortError') return;
          setState((previous) => ({ ...previous, phase: 'failed', error }));
          stop();
        },
      );
    };

    api<{ id: string }>('POST', '/queryjobs', request).then(
      (created) => {
        id = created.id;
        if (finished) forget();
        else poll();
      },
      (error: unknown) => {
        if (!finished) setState({ phase: 'failed', error });
        finished = true;
      },
    );
    cancelRef.current = () => {
      if (finished) return;
      stop();
      setState((previous) => ({ ...previous, phase: 'cancelled' }));
    };
    return stop;
  }, [runKey]);

  return { ...state, cancel: () => cancelRef.current() };
}
