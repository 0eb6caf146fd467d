/**
 * The Prometheus text exposition format (version 0.0.4), written by hand: the collector has no
 * metrics library, and the format is a few lines of escaping. A family is rendered as its `# HELP`
 * and `# TYPE` lines followed by its samples; a histogram as cumulative `_bucket` samples (the
 * last one `le="+Inf"`), `_sum` and `_count`.
 */
import type { HistogramSnapshot } from './histogram.js';

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type Labels = Readonly<Record<string, string>>;

export type MetricFamily =
  | { name: string; help: string; type: 'counter' | 'gauge'; samples: ReadonlyArray<{ labels: Labels; value: number }> }
  | { name: string; help: string; type: 'histogram'; samples: ReadonlyArray<{ labels: Labels; value: HistogramSnapshot }> };

export function renderFamilies(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    if (family.type === 'histogram') {
      for (const { labels, value } of family.samples) {
        for (const bucket of value.buckets) lines.push(sample(`${family.name}_bucket`, { ...labels, le: String(bucket.le) }, bucket.count));
        lines.push(sample(`${family.name}_bucket`, { ...labels, le: '+Inf' }, value.count));
        lines.push(sample(`${family.name}_sum`, labels, value.sum), sample(`${family.name}_count`, labels, value.count));
      }
    } else {
      for (const { labels, value } of family.samples) lines.push(sample(family.name, labels, value));
    }
  }
  return `${lines.join('\n')}\n`;
}

function sample(name: string, labels: Labels, value: number): string {
  const pairs = Object.entries(labels).map(([key, text]) => `${key}="${escapeLabelValue(text)}"`);
  return `${name}${pairs.length === 0 ? '' : `{${pairs.join(',')}}`} ${formatValue(value)}`;
}

/** Label values escape backslash, double quote and line feed. */
export function escapeLabelValue(text: string): string {
  return text.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** Help text escapes backslash and line feed (quotes are literal there). */
function escapeHelp(text: string): string {
  return text.replace(/[\\\n]/g, (c) => (c === '\n' ? '\\n' : '\\\\'));
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
