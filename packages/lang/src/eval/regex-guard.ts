import { setFlagsFromString } from 'node:v8';

let installed = false;

/**
 * Guards against catastrophic backtracking: after this many backtracks V8 re-runs a regex on its
 * linear-time engine (for patterns it supports: no back-references or lookaround), so `(a+)+$` on a
 * hostile line costs microseconds, not minutes. Process-wide and harmless for well-behaved patterns;
 * installed once, before the first parser regex is compiled.
 */
export function installRegexGuard(): void {
  if (installed) return;
  installed = true;
  setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  setFlagsFromString('--regexp-backtracks-before-fallback=50000');
}
