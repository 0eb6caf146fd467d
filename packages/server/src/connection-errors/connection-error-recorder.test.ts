import { afterEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../events.js';
import type { HecConnector, RequestOutcome } from '../receive/types.js';
import { ConnectionErrorRecorder } from './connection-error-recorder.js';

const connector: HecConnector = {
  id: 'conn-1',
  name: 'fw',
  enabled: true,
  parser: 'json',
  hec: { useAck: false, allowQueryStringAuth: false, indexes: [], defaultIndex: 'main' },
};

const rejected = (over: Partial<RequestOutcome> = {}): RequestOutcome => ({
  route: 'event',
  connector,
  status: 400,
  code: 13,
  eventsAccepted: 0,
  wireBytes: 12,
  sample: '{"event":""}',
  remoteAddress: '::ffff:10.1.2.3',
  credentialVia: 'splunk',
  ...over,
});

let recorder: ConnectionErrorRecorder | undefined;
afterEach(() => recorder?.close());

function setup(perWindow = 2) {
  let t = 1_700_000_000_000;
  const written: StoredEvent[] = [];
  recorder = new ConnectionErrorRecorder(
    { write: (e) => written.push(e) },
    { perWindow, windowMs: 10_000, now: () => t, keyFingerprint: () => 'ab12cd34' },
  );
  return { recorder, written, advance: (ms: number) => (t += ms) };
}

describe('ConnectionErrorRecorder', () => {
  it('records a rejected request of a known connector with every field, never the key', () => {
    const { recorder, written } = setup();
    recorder.observe(rejected());
    expect(written).toHaveLength(1);
    const e = written[0] as StoredEvent;
    expect(e).toMatchObject({ connector: 'fw', connectionId: 'conn-1', repo: 'connection_errors', type: 'connection-error', rawstring: '{"event":""}', timestamp: 1_700_000_000_000 });
    expect(e.fields).toMatchObject({
      status_code: '400',
      error_code: '13',
      '@error_msg': 'Event field cannot be blank',
      error_count: '1',
      request_bytes: '12',
      client_ip: '10.1.2.3',
      credential_via: 'splunk',
      key_fingerprint: 'ab12cd34',
    });
  });

  it('names oversized bodies by HTTP status with the HEC text the client got', () => {
    const { recorder, written } = setup();
    recorder.observe(rejected({ status: 413, code: 413, sample: undefined, wireBytes: 0 }));
    expect(written[0]?.fields).toMatchObject({ status_code: '413', error_code: '413', '@error_msg': 'Invalid data format' });
    expect(written[0]?.rawstring).toBe('');
  });

  it('ignores accepted requests and counts unknown keys without storing them', () => {
    const { recorder, written } = setup();
    recorder.observe({ route: 'event', connector, status: 200, code: 0, eventsAccepted: 1, wireBytes: 10 });
    recorder.observe({ route: 'event', status: 403, code: 4, eventsAccepted: 0, wireBytes: 0 });
    recorder.observe({ route: 'event', status: 401, code: 2, eventsAccepted: 0, wireBytes: 0 });
    recorder.observe({ route: 'not-found', status: 404, code: 404, eventsAccepted: 0, wireBytes: 0 });
    expect(written).toEqual([]);
    expect(recorder.stats()).toMatchObject({ rejected: 0, unknownKey: 2, unattributed: 1 });
  });

  it('folds a flood into one aggregate per window whose error_count completes the total', () => {
    const { recorder, written } = setup(2);
    for (let i = 0; i < 50; i++) recorder.observe(rejected({ code: i % 2 === 0 ? 13 : 6 }));
    expect(written).toHaveLength(2);
    recorder.close();
    expect(written).toHaveLength(3);
    const aggregate = written[2] as StoredEvent;
    expect(aggregate.fields).toMatchObject({ aggregated: 'true', error_count: '48', error_codes: '{"6":24,"13":24}', key_fingerprint: 'ab12cd34' });
    expect(written.reduce((sum, e) => sum + Number(e.fields.error_count), 0)).toBe(50);
    expect(recorder.stats()).toMatchObject({ rejected: 50, recorded: 2, aggregated: 48, aggregates: 1 });
  });

  it('starts recording individually again in the next window', () => {
    const { recorder, written, advance } = setup(1);
    recorder.observe(rejected());
    recorder.observe(rejected());
    advance(10_000);
    recorder.observe(rejected({ code: 7 }));
    expect(written.map((e) => e.fields.error_count)).toEqual(['1', '1', '1']);
    expect(written.map((e) => e.fields.aggregated ?? 'no')).toEqual(['no', 'true', 'no']);
    expect(written[2]?.fields.error_code).toBe('7');
  });
});
