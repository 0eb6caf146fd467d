import { useState } from 'preact/hooks';
import { CopyButton } from '../ui/copy-button.js';
import { Tabs } from '../ui/tabs.js';
import { snippetsFor, type SnippetId, type SnippetInput } from './snippets.js';

/** Tabs of ready-to-paste configurations for sending to a connector. */
export function SendSnippets(input: SnippetInput) {
  const snippets = snippetsFor(input);
  const [selected, setSelected] = useState<SnippetId>('curl');
  const current = snippets.find((s) => s.id === selected) ?? snippets[0];
  if (current === undefined) return null;
  return (
    <section class="snippets" aria-labelledby="snippets-heading">
      <h2 id="snippets-heading">Send data</h2>
      <Tabs idPrefix="snippet" label="Shipper" tabs={snippets} selected={current.id} onSelect={(id) => setSelected(id as SnippetId)}>
        <div class="snippet-head">
          <span class="muted">{current.caption}</span>
          <CopyButton text={current.text} what={`${current.label} snippet`} />
        </div>
        <pre class="code">
          <code>{current.text}</code>
        </pre>
      </Tabs>
    </section>
  );
}
