import { describe, expect, it } from 'vitest';
import { connectionErrorsQuery, connectorEventsQuery, searchHref, tagValue } from './search-links.js';

describe('links into search', () => {
  it('links "Show events" to #connector=<name> over the last 24 hours', () => {
    expect(searchHref(connectorEventsQuery('fw-paris'))).toBe('/search?query=%23connector%3Dfw-paris&start=24h');
  });

  it('quotes a name with spaces or quotes', () => {
    expect(tagValue('Paris firewalls')).toBe('"Paris firewalls"');
    expect(tagValue('a"b')).toBe('"a\\"b"');
    expect(connectorEventsQuery('my app')).toBe('#connector="my app"');
  });

  it('finds the connection errors in the connection_errors repository', () => {
    const href = searchHref(connectionErrorsQuery('fw'), '7d');
    expect(new URLSearchParams(href.split('?')[1]).get('query')).toBe('#repo=connection_errors #connector=fw');
    expect(href.endsWith('&start=7d')).toBe(true);
  });
});
