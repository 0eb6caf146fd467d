import type { ParserKind } from './parser-draft.js';

const TITLES: Record<ParserKind, string> = {
  native: 'Built into the server; read-only',
  'built-in': 'From the built-in library; read-only (clone it to change it)',
  custom: 'Created here or imported; can be changed',
};

/** The kind of a parser as a word in a badge (its tooltip says what it means). */
export function KindBadge({ kind }: { kind: ParserKind }) {
  return (
    <span class={`badge kind-${kind}`} title={TITLES[kind]} data-kind={kind}>
      {kind === 'native' ? 'Native' : kind === 'built-in' ? 'Built-in' : 'Custom'}
    </span>
  );
}
