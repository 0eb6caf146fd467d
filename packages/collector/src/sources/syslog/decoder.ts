/**
 * Splits a syslog TCP stream into messages (RFC 6587): a frame that starts with digits and a space
 * is octet-counted (`LEN SP MSG`), anything else ends at a newline. Senders mix both in practice,
 * so the choice is made per frame. A message over maxEventSize is cut and its remainder skipped,
 * so one runaway sender cannot grow the buffer without bound.
 */
export interface SyslogFrame {
  text: string;
  truncated: boolean;
}

const LF = 0x0a;
const SPACE = 0x20;
/** `LEN` has at most this many digits (RFC 6587 allows any; 9 digits is already 1 GB). */
const MAX_LEN_DIGITS = 9;

export class SyslogDecoder {
  private pending: Buffer = Buffer.alloc(0);
  private skipBytes = 0;
  private skipToNewline = false;

  constructor(private readonly maxEventSize: number) {}

  push(chunk: Buffer): SyslogFrame[] {
    const buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: SyslogFrame[] = [];
    let pos = 0;
    while (pos < buf.length) {
      if (this.skipBytes > 0) {
        const n = Math.min(this.skipBytes, buf.length - pos);
        pos += n;
        this.skipBytes -= n;
        continue;
      }
      if (this.skipToNewline) {
        const nl = buf.indexOf(LF, pos);
        if (nl < 0) {
          pos = buf.length;
          break;
        }
        this.skipToNewline = false;
        pos = nl + 1;
        continue;
      }
      const counted = this.octetCount(buf, pos);
      if (counted === 'more') break;
      if (counted !== undefined) {
        const [length, start] = counted;
        const available = buf.length - start;
        if (available >= length) {
          this.emit(out, buf.subarray(start, start + length), false);
          pos = start + length;
          continue;
        }
        if (available < this.maxEventSize) break;
        this.emit(out, buf.subarray(start, start + this.maxEventSize), true);
        this.skipBytes = length - available;
        pos = buf.length;
        continue;
      }
      const nl = buf.indexOf(LF, pos);
      if (nl < 0) {
        if (buf.length - pos <= this.maxEventSize) break;
        this.emit(out, buf.subarray(pos, pos + this.maxEventSize), true);
        this.skipToNewline = true;
        pos = buf.length;
        continue;
      }
      this.emit(out, buf.subarray(pos, nl), false);
      pos = nl + 1;
    }
    this.pending = Buffer.from(buf.subarray(pos));
    return out;
  }

  /** The sender closed the connection: an unterminated last line is still a message. */
  end(): SyslogFrame[] {
    const out: SyslogFrame[] = [];
    if (this.pending.length > 0 && !this.skipToNewline && this.skipBytes === 0) this.emit(out, this.pending, false);
    this.pending = Buffer.alloc(0);
    return out;
  }

  /** [length, start of message] for an octet-counted frame at pos, 'more' when undecidable yet, undefined when not one. */
  private octetCount(buf: Buffer, pos: number): [number, number] | 'more' | undefined {
    const first = buf[pos] ?? 0;
    if (first < 0x31 || first > 0x39) return undefined;
    for (let i = pos + 1; i < buf.length && i <= pos + MAX_LEN_DIGITS; i++) {
      const c = buf[i] ?? 0;
      if (c === SPACE) return [Number(buf.toString('latin1', pos, i)), i + 1];
      if (c < 0x30 || c > 0x39) return undefined;
    }
    return buf.length - pos <= MAX_LEN_DIGITS ? 'more' : undefined;
  }

  private emit(out: SyslogFrame[], bytes: Buffer, truncated: boolean): void {
    const text = trimMessage(bytes, this.maxEventSize);
    if (text.length > 0) out.push({ text, truncated: truncated || bytes.length > this.maxEventSize });
  }
}

/** Drops the CR of CRLF senders and the NUL some appliances append; cuts to maxEventSize bytes. */
export function trimMessage(bytes: Buffer, maxEventSize: number): string {
  let end = Math.min(bytes.length, maxEventSize);
  while (end > 0 && (bytes[end - 1] === 0x0d || bytes[end - 1] === 0x0a || bytes[end - 1] === 0x00)) end--;
  // Back off a partial UTF-8 character at the cut.
  if (end < bytes.length) while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.toString('utf8', 0, end);
}
