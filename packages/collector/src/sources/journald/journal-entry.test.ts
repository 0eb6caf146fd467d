import { describe, expect, it } from 'vitest';
import { parseJournalLine, unitMatcher, unitName } from './journal-entry.js';

const line = (fields: Record<string, unknown>) => JSON.stringify({ __CURSOR: 's=1;i=2', __REALTIME_TIMESTAMP: '1700000000123456', ...fields });

describe('parseJournalLine', () => {
  it.each([
    ['a text MESSAGE', 'hello', 'hello'],
    ['a binary MESSAGE (byte values)', [...Buffer.from('naïve\u0001')], 'naïve\u0001'],
    ['a MESSAGE logged twice: the first value', ['first', 'second'], 'first'],
    ['a MESSAGE too large without --all', null, undefined],
  ])('reads %s', (_name, message, expected) => {
    expect(parseJournalLine(line({ MESSAGE: message }))?.message).toBe(expected);
  });

  it('takes the cursor, the entry time in ms, the unit and the identifying fields', () => {
    expect(parseJournalLine(line({ MESSAGE: 'm', _SYSTEMD_UNIT: 'ssh.service', PRIORITY: '3', _PID: '7', _CMDLINE: 'not kept' }))).toEqual({
      cursor: 's=1;i=2',
      time: 1_700_000_000_123,
      message: 'm',
      unit: 'ssh.service',
      fields: { PRIORITY: '3', _PID: '7' },
    });
  });

  it.each([['not json'], ['[1,2]'], [JSON.stringify({ MESSAGE: 'no cursor' })]])('rejects %s', (text) => {
    expect(parseJournalLine(text)).toBeUndefined();
  });
});

describe('unit names', () => {
  it('adds .service to a bare name, as journalctl --unit does', () => {
    expect(unitName('sshd')).toBe('sshd.service');
    expect(unitName('systemd-journald.socket')).toBe('systemd-journald.socket');
    expect(unitName('user@*')).toBe('user@*');
  });

  it('matches excluded units by name and glob', () => {
    const excluded = unitMatcher(['cron', 'user@*.service']);
    expect(excluded('cron.service')).toBe(true);
    expect(excluded('user@1000.service')).toBe(true);
    expect(excluded('crond.service')).toBe(false);
    expect(excluded(undefined)).toBe(false);
  });
});
