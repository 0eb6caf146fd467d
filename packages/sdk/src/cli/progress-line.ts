/** The text of `hecate send`'s progress line (on a terminal) and summary line (always). */
import type { SendProgress } from '../send-result.js';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  return `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
}

/** `name  12.0 MiB/200 MiB  6%  45,000 events  12,000 ev/s  ETA 14s` */
export function progressLine(name: string, progress: SendProgress, elapsedMs: number, totalBytes: number | undefined): string {
  const seconds = Math.max(elapsedMs / 1000, 0.001);
  const rate = progress.events / seconds;
  const read = progress.sourceBytes ?? progress.bytes;
  const parts = [name];
  if (totalBytes !== undefined && totalBytes > 0) {
    const fraction = Math.min(1, read / totalBytes);
    const eta = fraction > 0 ? (seconds / fraction) * (1 - fraction) : Number.POSITIVE_INFINITY;
    parts.push(`${formatBytes(read)}/${formatBytes(totalBytes)}`, `${Math.floor(fraction * 100)}%`);
    parts.push(`${progress.events.toLocaleString('en-US')} events`, `${Math.round(rate).toLocaleString('en-US')} ev/s`, `ETA ${formatSeconds(eta)}`);
  } else {
    parts.push(formatBytes(read), `${progress.events.toLocaleString('en-US')} events`, `${Math.round(rate).toLocaleString('en-US')} ev/s`);
  }
  if (progress.failed > 0) parts.push(`${progress.failed.toLocaleString('en-US')} failed`);
  return parts.join('  ');
}

export function summaryLine(name: string, progress: SendProgress, elapsedMs: number): string {
  const seconds = Math.max(elapsedMs / 1000, 0.001);
  const rate = Math.round(progress.events / seconds).toLocaleString('en-US');
  return `${name}: ${progress.events.toLocaleString('en-US')} events, ${formatBytes(progress.bytes)} delivered in ${seconds.toFixed(1)} s (${rate} events/s)`;
}
