/**
 * Links from connector views into the search view (`/search?query=…&start=…`). The search view reads
 * `query` and `start` from its URL, so these links can be shared and bookmarked.
 */

/** A tag value as the query language reads it: bare when it is one word, quoted otherwise. */
export function tagValue(value: string): string {
  return /^[A-Za-z0-9_.-]+$/.test(value) ? value : `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function searchHref(query: string, start = '24h'): string {
  return `/search?query=${encodeURIComponent(query)}&start=${encodeURIComponent(start)}`;
}

/** "Show events": everything the connector stored. */
export function connectorEventsQuery(name: string): string {
  return `#connector=${tagValue(name)}`;
}

/** The connector's rejected HEC requests (docs/troubleshooting.md). */
export function connectionErrorsQuery(name: string): string {
  return `#repo=connection_errors #connector=${tagValue(name)}`;
}

/** Events whose parser failed (stored with @error). */
export function parseErrorsQuery(name: string): string {
  return `#connector=${tagValue(name)} #error=true`;
}
