import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromEnvironment, fromLink, localTimeZone } from './local-time-zone.js';

describe('the local time zone', () => {
  it('takes TZ when it names a zone, not a path or a POSIX rule', () => {
    expect(fromEnvironment('Europe/Berlin')).toBe('Europe/Berlin');
    expect(fromEnvironment('UTC')).toBe('UTC');
    expect(fromEnvironment('America/Argentina/Buenos_Aires')).toBe('America/Argentina/Buenos_Aires');
    expect(fromEnvironment('Etc/GMT+5')).toBe('Etc/GMT+5');
    expect(fromEnvironment(':/etc/localtime')).toBeUndefined();
    expect(fromEnvironment('CET-1CEST')).toBeUndefined();
    expect(fromEnvironment('')).toBeUndefined();
    expect(fromEnvironment(undefined)).toBeUndefined();
  });

  it('reads the zone name off the /etc/localtime link', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tz-'));
    try {
      symlinkSync('/usr/share/zoneinfo/Asia/Tokyo', join(dir, 'localtime'));
      symlinkSync('/nowhere/else', join(dir, 'other'));
      expect(fromLink(join(dir, 'localtime'))).toBe('Asia/Tokyo');
      expect(fromLink(join(dir, 'other'))).toBeUndefined();
      expect(fromLink(join(dir, 'missing'))).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names a zone Intl knows', () => {
    expect(() => new Intl.DateTimeFormat('en', { timeZone: localTimeZone() })).not.toThrow();
  });
});
