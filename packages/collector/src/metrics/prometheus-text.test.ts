import { describe, expect, it } from 'vitest';
import { Histogram } from './histogram.js';
import { escapeLabelValue, renderFamilies } from './prometheus-text.js';

describe('renderFamilies', () => {
  it('writes HELP and TYPE before the samples, and ends with a line feed', () => {
    const text = renderFamilies([{ name: 'x_total', help: 'Things.', type: 'counter', samples: [{ labels: { sink: 'a' }, value: 3 }, { labels: {}, value: 1 }] }]);
    expect(text).toBe('# HELP x_total Things.\n# TYPE x_total counter\nx_total{sink="a"} 3\nx_total 1\n');
  });

  it.each([
    ['a backslash', 'a\\b', 'a\\\\b'],
    ['a double quote', 'say "hi"', 'say \\"hi\\"'],
    ['a line feed', 'two\nlines', 'two\\nlines'],
  ])('escapes %s in a label value', (_name, raw, escaped) => {
    expect(escapeLabelValue(raw)).toBe(escaped);
    expect(renderFamilies([{ name: 'g', help: 'h', type: 'gauge', samples: [{ labels: { source: raw }, value: 0 }] }])).toContain(`g{source="${escaped}"} 0`);
  });

  it('escapes backslashes and line feeds in help text, not quotes', () => {
    expect(renderFamilies([{ name: 'g', help: 'a "b" \\ c\nd', type: 'gauge', samples: [] }])).toBe('# HELP g a "b" \\\\ c\\nd\n# TYPE g gauge\n');
  });

  it('writes a histogram as cumulative buckets, +Inf, sum and count', () => {
    const histogram = new Histogram([0.1, 1]);
    for (const value of [0.05, 0.1, 0.5, 7]) histogram.observe(value);
    const text = renderFamilies([{ name: 'send_seconds', help: 'h', type: 'histogram', samples: [{ labels: { sink: 's' }, value: histogram.snapshot() }] }]);
    expect(text.split('\n').slice(2, -1)).toEqual([
      'send_seconds_bucket{sink="s",le="0.1"} 2', // a value equal to a bound counts in that bucket
      'send_seconds_bucket{sink="s",le="1"} 3',
      'send_seconds_bucket{sink="s",le="+Inf"} 4',
      'send_seconds_sum{sink="s"} 7.65',
      'send_seconds_count{sink="s"} 4',
    ]);
  });
});
