/** The query parameters the HEC endpoints read (§2.1, §4.7, §5, §7.1). */

export interface HecQuery {
  /** Present (possibly empty) when the URL has `token=`. */
  token?: string;
  /** `channel`, matched case-insensitively (`?Channel=` works, as in OTel). */
  channel?: string;
  host?: string;
  source?: string;
  sourcetype?: string;
  index?: string;
  time?: string;
  /** Health: `ack=true|1` asks about the ack service too. */
  ack?: string;
}

export function parseQuery(search: string): HecQuery {
  const query: HecQuery = {};
  if (search === '') return query;
  for (const [key, value] of new URLSearchParams(search)) {
    // The first occurrence wins, as with URLSearchParams.get.
    switch (key) {
      case 'token':
      case 'host':
      case 'source':
      case 'sourcetype':
      case 'index':
      case 'time':
      case 'ack':
        query[key] ??= value;
        break;
      default:
        if (key.toLowerCase() === 'channel') query.channel ??= value;
    }
  }
  return query;
}
