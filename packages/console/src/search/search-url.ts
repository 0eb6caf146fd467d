/**
 * The search view's URL: `/search?query=<query>&start=<15m|…|epoch ms>&end=<epoch ms>`. Everything a
 * search shows follows from it, so a link reproduces the search, and back/forward step through the
 * searches, zooms and range changes. Relative starts (`24h`) end now; an absolute range has both ends
 * in epoch ms, as the API takes them.
 */
export interface SearchUrlState {
  query: string;
  /** `15m`, `24h`, … or epoch ms as digits. */
  start: string;
  /** Epoch ms as digits; absent means now. */
  end?: string;
}

export const DEFAULT_START = '24h';

export const RANGE_PRESETS: ReadonlyArray<{ value: string; label: string }> = [
  { value: '15m', label: 'Last 15 minutes' },
  { value: '1h', label: 'Last hour' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
];

const EPOCH_MS = /^\d{1,16}$/;

export function readSearchUrl(params: URLSearchParams): SearchUrlState {
  const end = params.get('end') ?? undefined;
  return { query: params.get('query') ?? '', start: params.get('start') ?? DEFAULT_START, ...(end === undefined || end === '' || end === 'now' ? {} : { end }) };
}

export function searchUrl(state: SearchUrlState): string {
  const params = new URLSearchParams();
  if (state.query !== '') params.set('query', state.query);
  params.set('start', state.start);
  if (state.end !== undefined) params.set('end', state.end);
  return `/search?${params.toString()}`;
}

/** A time of the URL as the API takes it: epoch ms as a number, a relative time as text. */
export function apiTime(value: string): string | number {
  return EPOCH_MS.test(value) ? Number(value) : value;
}

/** The range as the search endpoints take it. */
export function apiRange(state: SearchUrlState): { start: string | number; end?: string | number } {
  return { start: apiTime(state.start), ...(state.end === undefined ? {} : { end: apiTime(state.end) }) };
}

export function isAbsolute(state: SearchUrlState): boolean {
  return EPOCH_MS.test(state.start);
}

/** An absolute range (epoch ms, end inclusive) as URL state. */
export function absoluteRange(query: string, start: number, end: number): SearchUrlState {
  return { query, start: String(Math.round(start)), end: String(Math.round(end)) };
}
