/**
 * Datagrams the kernel dropped because a UDP socket's receive buffer was full: the one discard a
 * syslog UDP source cannot see itself. Linux counts them per socket (the `drops` column of
 * /proc/net/udp and /proc/net/udp6); the sockets are found by local port among this process's own
 * socket inodes, so another process bound to the same port is not counted. Elsewhere: undefined.
 */
import fs from 'node:fs';

/** Kernel drop count per local UDP port of this process's sockets, or undefined when /proc is not there. */
export function udpKernelDrops(): Map<number, number> | undefined {
  const own = ownSocketInodes();
  if (own === undefined) return undefined;
  const drops = new Map<number, number>();
  for (const file of ['/proc/net/udp', '/proc/net/udp6']) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'latin1');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
      const local = columns[1];
      const inode = columns[9];
      const dropped = Number(columns[12]);
      if (local === undefined || inode === undefined || !own.has(inode) || !Number.isFinite(dropped)) continue;
      const port = Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16);
      drops.set(port, (drops.get(port) ?? 0) + dropped);
    }
  }
  return drops;
}

function ownSocketInodes(): Set<string> | undefined {
  let fds: string[];
  try {
    fds = fs.readdirSync('/proc/self/fd');
  } catch {
    return undefined;
  }
  const inodes = new Set<string>();
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/self/fd/${fd}`));
      if (match?.[1] !== undefined) inodes.add(match[1]);
    } catch {
      // closed between readdir and readlink
    }
  }
  return inodes;
}
