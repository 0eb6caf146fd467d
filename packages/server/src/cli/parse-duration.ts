import { CliError } from './api-client.js';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `90`, `90s`, `30m`, `1h`, `7d` → seconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
  if (m === null) throw new CliError(`"${text}" is not a duration; use a number with s, m, h or d, e.g. 30m or 1h`);
  return Number(m[1]) * (UNIT_SECONDS[m[2] || 's'] as number);
}
