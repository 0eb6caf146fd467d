/**
 * format() and formatTime() go to SQL call by call: a pattern or zone SQL reproduces exactly compiles,
 * anything else ends the SQL prefix there (the values themselves are checked by the conformance suite).
 */
import { describe, expect, test } from 'vitest';
import { planSearch } from '../search/plan-search.js';
import { EVENTS_SCHEMA } from './fixtures/events.fixture.js';

const consumed = (query: string): number => planSearch(query, EVENTS_SCHEMA, { limit: 10 }).compiled.consumed;

describe('which format() calls compile to SQL', () => {
  test.each([
    ['%s', true], ['%d', true], ['%i', true], ['%%', true], ['a%sb%dc%%', true], ['no placeholders', true], ['', true],
    ['%5s', false], ['%-5s', false], ['%05d', false], ['%+d', false], ['%.2f', false], ['%f', false], ['%e', false], ['%x', false],
    ['%X', false], ['%o', false], ['%,d', false], ['%.3s', false], ['100%', false], ['% d', false], ['%q', false],
  ])('format(%j) in SQL: %s', (pattern, sql) => {
    expect(consumed(`x := format(${JSON.stringify(pattern)}, field=[user]) | count()`)).toBe(sql ? 2 : 0);
  });

  test('a timezone argument sends format() to the evaluator', () => {
    expect(consumed('x := format("%s", field=[user], timezone="UTC") | count()')).toBe(0);
  });
});

describe('which formatTime() calls compile to SQL', () => {
  test.each([
    ['%Y-%m-%dT%H:%M:%S.%L%z', undefined, true], ['%y %b %h %a %e %j %I %p %s %N %F %T %Z %%', undefined, true],
    ['%H', 'UTC', true], ['%H', 'z', true], ['%H', 'GMT', true], ['%H', '+05:30', true], ['%H', '-08:00', true],
    ['%H', 'Europe/Paris', true], ['%H', 'america/new_york', true], ['%H', 'Asia/Kolkata', true],
    ['%c', undefined, false], ['%D', undefined, false], ['%H%', undefined, false], ['%-d', undefined, false],
    ['%H', 'CET', false], ['%H', 'EST', false], ['%H', '+0530', false], ['%H', 'UTC+1', false], ['%H', 'Mars/Olympus', false], ['%H', 'Europe/Paris ', false],
  ])('formatTime(%j, timezone=%j) in SQL: %s', (pattern, zone, sql) => {
    const tz = zone === undefined ? '' : `, timezone=${JSON.stringify(zone)}`;
    expect(consumed(`x := formatTime(${JSON.stringify(pattern)}${tz}) | count()`)).toBe(sql ? 2 : 0);
  });

  test('a named zone compiles only for the stored @timestamp in milliseconds', () => {
    expect(consumed('x := formatTime("%H", timezone="Europe/Paris") | count()')).toBe(2);
    expect(consumed('x := formatTime("%H", field=start, timezone="Europe/Paris") | count()')).toBe(0);
    expect(consumed('x := formatTime("%H", unit=seconds, timezone="Europe/Paris") | count()')).toBe(0);
    expect(consumed('@timestamp := @timestamp + 1 | x := formatTime("%H", timezone="Europe/Paris") | count()')).toBe(1);
    expect(consumed('x := formatTime("%H", field=start, timezone="+01:00") | count()')).toBe(2);
  });

  test('a locale sends formatTime() to the evaluator', () => {
    expect(consumed('x := formatTime("%H", locale="en_US") | count()')).toBe(0);
  });
});

describe('the decision is made per call', () => {
  test('a SQL-able call runs in SQL and the next one, which is not, starts the evaluator', () => {
    const plan = planSearch('a := format("%s!", field=[user]) | b := format("%5s", field=[user]) | count()', EVENTS_SCHEMA, { limit: 10 });
    expect(plan.compiled.consumed).toBe(1);
    expect(plan.rest.map((s) => s.kind)).toEqual(['event', 'aggregate']);
  });

  test('one call SQL cannot reproduce sends its whole eval() to the evaluator', () => {
    expect(consumed('eval(a = format("%s", field=[user]), b = formatTime("%c")) | count()')).toBe(0);
    expect(consumed('eval(a = format("%s", field=[user]), b = formatTime("%F")) | count()')).toBe(2);
  });
});
