import type { ParserSummary } from '../api/types.js';

/** The parser choices of a connector, grouped as docs/parsers.md describes them. */
export function ParserOptions({ parsers }: { parsers: readonly ParserSummary[] }) {
  const native = parsers.filter((p) => p.version === 'native');
  const library = parsers.filter((p) => p.builtIn && p.version !== 'native');
  const custom = parsers.filter((p) => !p.builtIn);
  const group = (label: string, list: readonly ParserSummary[]) =>
    list.length > 0 && (
      <optgroup label={label}>
        {list.map((p) => (
          <option key={p.name} value={p.name}>
            {p.description === '' ? p.name : `${p.name} — ${shorten(p.description)}`}
          </option>
        ))}
      </optgroup>
    );
  return (
    <>
      {group('Native', native)}
      {group('Built-in library', library)}
      {group('Custom', custom)}
    </>
  );
}

function shorten(text: string): string {
  const first = text.split('\n')[0] ?? '';
  return first.length > 70 ? `${first.slice(0, 69)}…` : first;
}
