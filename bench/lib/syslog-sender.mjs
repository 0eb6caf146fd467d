// A syslog sender as its own process, so its CPU is not mixed with the collector's or the server's.
//
//   node syslog-sender.mjs tcp <port> <lines> <connections>
//       writes <lines> newline-framed lines over <connections> TCP connections as fast as the
//       collector reads them (TCP flow control is the only limit), then closes.
//   node syslog-sender.mjs udp <port> <rate> <seconds>
//       sends one line per datagram at <rate> datagrams/s for <seconds>, paced every millisecond.
// Lines are RFC 3164/5424, CEF and access-log lines from the ingest corpus, cycled.
// Prints one JSON line: { lines, bytes, seconds, errors }.
import dgram from 'node:dgram';
import net from 'node:net';
import { corpusLines } from './log-lines.mjs';

const [mode, portText, countText, paramText] = process.argv.slice(2);
const port = Number(portText);
const lines = corpusLines({ textOnly: true, bodies: 300 }).map((line) => Buffer.from(`${line}\n`));

/** One connection's share: chunks of ~64 KB of whole lines, written with backpressure. */
async function sendTcp(count) {
  const socket = net.connect({ port, host: '127.0.0.1', noDelay: false });
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let bytes = 0;
  let i = 0;
  while (i < count) {
    const parts = [];
    let size = 0;
    while (i < count && size < 65536) {
      const line = lines[i++ % lines.length];
      parts.push(line);
      size += line.length;
    }
    bytes += size;
    if (!socket.write(Buffer.concat(parts, size))) await new Promise((resolve) => socket.once('drain', resolve));
  }
  await new Promise((resolve) => socket.end(resolve));
  return bytes;
}

async function sendUdp(rate, seconds) {
  const socket = dgram.createSocket('udp4');
  const total = Math.round(rate * seconds);
  // Datagrams carry the line without its newline, as syslog over UDP does.
  const datagrams = lines.map((line) => line.subarray(0, line.length - 1));
  let sent = 0;
  let bytes = 0;
  let errors = 0;
  const t0 = performance.now();
  await new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) * rate) / 1000));
      while (sent < due) {
        const datagram = datagrams[sent++ % datagrams.length];
        bytes += datagram.length;
        socket.send(datagram, port, '127.0.0.1', (error) => error && errors++);
      }
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  await new Promise((resolve) => setTimeout(resolve, 100)); // let the last sends complete
  socket.close();
  return { lines: sent, bytes, errors };
}

async function main() {
  const t0 = performance.now();
  let result;
  if (mode === 'tcp') {
    const total = Number(countText);
    const conns = Number(paramText);
    const shares = Array.from({ length: conns }, (_, c) => Math.floor(total / conns) + (c < total % conns ? 1 : 0));
    const bytes = (await Promise.all(shares.map(sendTcp))).reduce((a, b) => a + b, 0);
    result = { lines: total, bytes, errors: 0 };
  } else if (mode === 'udp') {
    result = await sendUdp(Number(countText), Number(paramText));
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  process.stdout.write(`${JSON.stringify({ ...result, seconds: (performance.now() - t0) / 1000 })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
