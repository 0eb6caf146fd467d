import { describe, expect, it } from 'vitest';
import { responseAction } from './response-policy.js';

describe('responseAction', () => {
  it.each([
    [200, '{"text":"Success","code":0}', undefined, { action: 'ack' }],
    [413, '', undefined, { action: 'split' }],
    [403, '{"text":"Invalid token","code":4}', undefined, { action: 'stop', reason: 'HTTP 403 "Invalid token" code 4' }],
    [401, '{"text":"Token is required","code":2}', undefined, { action: 'stop', reason: 'HTTP 401 "Token is required" code 2' }],
    [503, '{"text":"Server is busy","code":9}', 7, { action: 'retry', minDelayMs: 7000, reason: 'HTTP 503 "Server is busy" code 9' }],
    [500, '{"text":"Internal server error","code":8}', undefined, { action: 'retry', minDelayMs: 0, reason: 'HTTP 500 "Internal server error" code 8' }],
    [400, '{"text":"Event field cannot be blank","code":13,"invalid-event-number":2}', undefined, { action: 'partial', accepted: 2, reason: 'HTTP 400 "Event field cannot be blank" code 13' }],
    // Splunk's quirk: "Incorrect index" reports the position + 1.
    [400, '{"text":"Incorrect index","code":7,"invalid-event-number":1}', undefined, { action: 'partial', accepted: 0, reason: 'HTTP 400 "Incorrect index" code 7' }],
    [400, '{"text":"Invalid data format","code":6}', undefined, { action: 'drop', reason: 'HTTP 400 "Invalid data format" code 6' }],
    [422, '', undefined, { action: 'drop', reason: 'HTTP 422' }],
    // About where the events went, not about them: retried until the URL, proxy or setting is fixed.
    [308, '', undefined, { action: 'retry', minDelayMs: 0, reason: 'HTTP 308' }],
    [404, '{"text":"The requested URL was not found on this server.","code":404}', undefined, { action: 'retry', minDelayMs: 0, reason: 'HTTP 404 "The requested URL was not found on this server." code 404' }],
    [405, '{"text":"The requested URL was not found on this server.","code":404}', undefined, { action: 'retry', minDelayMs: 0, reason: 'HTTP 405 "The requested URL was not found on this server." code 404' }],
    [407, 'Proxy Authentication Required', undefined, { action: 'retry', minDelayMs: 0, reason: 'HTTP 407' }],
    [415, '', 3, { action: 'retry', minDelayMs: 3000, reason: 'HTTP 415' }],
    [429, '', 2, { action: 'retry', minDelayMs: 2000, reason: 'HTTP 429' }],
  ])('HTTP %i %s → %o', (status, body, retryAfterSeconds, expected) => {
    expect(responseAction({ status, body, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) })).toEqual(expected);
  });
});
