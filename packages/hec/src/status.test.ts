import { describe, expect, it } from 'vitest';
import { HEC_STATUSES, HecCode, hecReply, methodNotAllowedReply, notFoundReply } from './status.js';

describe('HEC status table', () => {
  it.each([
    [0, 200, 'Success'],
    [1, 403, 'Token disabled'],
    [2, 401, 'Token is required'],
    [3, 401, 'Invalid authorization'],
    [4, 403, 'Invalid token'],
    [5, 400, 'No data'],
    [6, 400, 'Invalid data format'],
    [7, 400, 'Incorrect index'],
    [8, 500, 'Internal server error'],
    [9, 503, 'Server is busy'],
    [10, 400, 'Data channel is missing'],
    [11, 400, 'Invalid data channel'],
    [12, 400, 'Event field is required'],
    [13, 400, 'Event field cannot be blank'],
    [14, 400, 'ACK is disabled'],
    [15, 400, 'Error in handling indexed fields'],
    [16, 400, 'Query string authorization is not enabled'],
    [17, 200, 'HEC is healthy'],
    [18, 503, 'HEC is unhealthy, queues are full'],
    [19, 503, 'HEC is unhealthy, ack service unavailable'],
    [20, 503, 'HEC is unhealthy, queues are full, ack service unavailable'],
    [21, 400, 'Invalid token'],
    [22, 400, 'Token disabled'],
    [23, 503, 'Server is shutting down'],
    [24, 200, 'HEC queue is approaching its capacity limit'],
    [25, 200, 'HEC ACK is approaching its capacity limit'],
    [26, 429, 'HEC queue is at capacity and cannot process any more requests'],
    [27, 429, 'HEC ACK channel is at capacity and cannot process any more requests'],
  ])('maps code %i to HTTP %i with the text "%s"', (code, httpStatus, text) => {
    expect(HEC_STATUSES[code]).toEqual({ code, httpStatus, text });
  });

  it('has exactly the codes 0 to 27', () => {
    expect(HEC_STATUSES.map((s) => s.code)).toEqual(Array.from({ length: 28 }, (_, i) => i));
  });
});

describe('hecReply', () => {
  it('builds a compact body with text then code', () => {
    expect(hecReply(HecCode.Success)).toEqual({ status: 200, body: '{"text":"Success","code":0}' });
  });

  it('orders text, code, invalid-event-number, ackId like splunkd', () => {
    const reply = hecReply(HecCode.EventFieldBlank, { invalidEventNumber: 2, ackId: 3 });
    expect(reply).toEqual({
      status: 400,
      body: '{"text":"Event field cannot be blank","code":13,"invalid-event-number":2,"ackId":3}',
    });
  });

  it('adds an ackId to a success', () => {
    expect(hecReply(HecCode.Success, { ackId: 0 }).body).toBe('{"text":"Success","code":0,"ackId":0}');
  });

  it('lets the caller override the HTTP status (413 and 415 carry code 6)', () => {
    expect(hecReply(HecCode.InvalidDataFormat, undefined, 415)).toEqual({
      status: 415,
      body: '{"text":"Invalid data format","code":6}',
    });
  });

  it('answers unknown paths with 404 and wrong methods with 405, both with the 404 body', () => {
    const body = '{"text":"The requested URL was not found on this server.","code":404}';
    expect(notFoundReply()).toEqual({ status: 404, body });
    expect(methodNotAllowedReply()).toEqual({ status: 405, body });
  });

  it('produces JSON that parses back to the same values', () => {
    const reply = hecReply(HecCode.IncorrectIndex, { invalidEventNumber: 1 });
    expect(JSON.parse(reply.body)).toEqual({ text: 'Incorrect index', code: 7, 'invalid-event-number': 1 });
  });
});
