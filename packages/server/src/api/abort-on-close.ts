import type { ServerResponse } from 'node:http';

/**
 * A signal that aborts when the connection closes before the answer was sent: a client that gave up
 * on a search (closed the tab, pressed Ctrl-C) stops its engine query instead of leaving it running.
 */
export function abortOnClose(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}
