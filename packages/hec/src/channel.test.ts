import { describe, expect, it } from 'vitest';
import { validateChannel } from './channel.js';

describe('validateChannel', () => {
  it('accepts an absent channel', () => {
    expect(validateChannel(undefined)).toEqual({ ok: true, channel: undefined });
  });

  it('accepts a GUID and lower-cases it, so channels compare case-insensitively', () => {
    expect(validateChannel('0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9')).toEqual({
      ok: true,
      channel: '0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9',
    });
  });

  it.each([
    ['', 10],
    ['invalid-id', 11],
    ['guid', 11],
    ['0a1b2c3d4e5f607182 93a4b5c6d7e8f9', 11],
    ['0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9 ', 11],
    ['{0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9}', 11],
    ['0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8fg', 11],
  ])('rejects %j with code %i', (value, code) => {
    expect(validateChannel(value)).toEqual({ ok: false, code });
  });
});
