import { describe, expect, it } from 'vitest';
import { extractCredential } from './credentials.js';

const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString('base64')}`;

describe('extractCredential', () => {
  it.each([
    ['Splunk abc-123', 'abc-123', 'splunk'],
    ['splunk abc-123', 'abc-123', 'splunk'],
    ['SPLUNK   abc-123  ', 'abc-123', 'splunk'],
    ['Bearer key', 'key', 'bearer'],
    ['bearer key', 'key', 'bearer'],
    [basic('x:tok'), 'tok', 'basic'],
    [basic(':tok:with:colons'), 'tok:with:colons', 'basic'],
    ['basic ' + Buffer.from('u:p').toString('base64'), 'p', 'basic'],
  ])('reads %j as the credential %j via %s', (header, credential, via) => {
    expect(extractCredential(header)).toEqual({ ok: true, credential, via });
  });

  it.each([
    [undefined, 2],
    ['', 2],
    ['   ', 2],
    ['Splunk', 3],
    ['Splunk ', 3],
    ['Splunk    ', 3],
    ['abc-123', 3],
    ['Token abc', 3],
    [basic('no-colon'), 3],
    [basic('user:'), 3],
    ['Basic %%%not-base64', 3],
  ])('rejects the header %j with code %i', (header, code) => {
    expect(extractCredential(header)).toEqual({ ok: false, code });
  });

  it('keeps the token exactly as sent (case-sensitive)', () => {
    expect(extractCredential('Splunk AbC')).toMatchObject({ credential: 'AbC' });
  });

  it('prefers the query token over the header', () => {
    expect(extractCredential('Splunk header-token', 'query-token')).toEqual({
      ok: true,
      credential: 'query-token',
      via: 'query',
    });
  });

  it('takes an empty query token as a credential (the lookup then fails)', () => {
    expect(extractCredential(undefined, '')).toEqual({ ok: true, credential: '', via: 'query' });
  });
});
