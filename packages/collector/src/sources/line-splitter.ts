/**
 * A byte stream → its lines, with a bound: a line longer than maxLineBytes is cut (on a UTF-8
 * character boundary), marked truncated, and the rest of it skipped, so a runaway writer cannot
 * grow memory. Lines are decoded only once complete, so a character split across chunks survives.
 * CRLF endings lose their CR; empty lines are dropped unless asked for (HEC refuses blank events).
 * Used for command output, journalctl output and decompressed files.
 */
export interface Line {
  text: string;
  truncated: boolean;
}

const LF = 0x0a;

export class LineSplitter {
  private parts: Buffer[] = [];
  private bytes = 0;
  private truncated = false;

  constructor(
    private readonly maxLineBytes: number,
    private readonly keepEmpty = false,
  ) {}

  push(chunk: Buffer): Line[] {
    const out: Line[] = [];
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(LF, start);
      const end = nl < 0 ? chunk.length : nl;
      this.append(chunk.subarray(start, end));
      if (nl < 0) break;
      this.finish(out);
      start = nl + 1;
    }
    return out;
  }

  /** The stream ended: an unterminated last line is still a line. */
  end(): Line[] {
    const out: Line[] = [];
    if (this.bytes > 0 || this.truncated) this.finish(out);
    return out;
  }

  private append(piece: Buffer): void {
    if (piece.length === 0) return;
    const room = this.maxLineBytes - this.bytes;
    if (room <= 0) {
      this.truncated = true;
      return;
    }
    if (piece.length > room) this.truncated = true;
    const kept = piece.length > room ? piece.subarray(0, room) : piece;
    this.parts.push(Buffer.from(kept));
    this.bytes += kept.length;
  }

  private finish(out: Line[]): void {
    let line = this.parts.length === 1 ? (this.parts[0] ?? Buffer.alloc(0)) : Buffer.concat(this.parts, this.bytes);
    if (!this.truncated && line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
    let end = line.length;
    // A cut may have split a character: step back over its continuation bytes (10xxxxxx) and its lead byte.
    if (this.truncated && end > 0 && ((line[end - 1] ?? 0) & 0x80) !== 0) {
      let lead = end - 1;
      while (lead > 0 && ((line[lead] ?? 0) & 0xc0) === 0x80) lead--;
      const first = line[lead] ?? 0;
      const width = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1;
      if (end - lead < width) end = lead;
    }
    const text = line.toString('utf8', 0, end);
    if (text.length > 0 || this.keepEmpty) out.push({ text, truncated: this.truncated });
    this.parts = [];
    this.bytes = 0;
    this.truncated = false;
  }
}
