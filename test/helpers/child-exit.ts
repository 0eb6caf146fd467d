/**
 * Stopping a child process the harnesses started: SIGTERM with a deadline, or SIGKILL at once.
 * `exited` resolves with the exit code (null when killed by a signal).
 */
import type { ChildProcess } from 'node:child_process';

/** SIGTERM, then SIGKILL if the process is still running after `graceMs`; resolves with the exit code. */
export async function stopChild(proc: ChildProcess | undefined, exited: Promise<number | null>, graceMs: number): Promise<number | null> {
  if (proc === undefined) return exited;
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
  try {
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}

/** SIGKILL, then waits for the exit. */
export async function killChild(proc: ChildProcess | undefined, exited: Promise<number | null>): Promise<void> {
  if (proc === undefined) return;
  proc.kill('SIGKILL');
  await exited;
}
