/** Raw endpoint event splitting (protocol reference §5): one event per non-empty line. */

const lineBreak = /\r\n|\r|\n/;

/** Splits on `\r\n`, `\r` or `\n` and drops empty lines (whitespace-only lines are kept: they are data). */
export function splitRawLines(text: string): string[] {
  const lines = text.split(lineBreak);
  let kept = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line !== '') lines[kept++] = line;
  }
  lines.length = kept;
  return lines;
}
