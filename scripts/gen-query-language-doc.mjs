// Writes docs/query-language.md from the built @hecate/lang (the function registry and the syntax
// overview in packages/lang/src/docs/query-language-doc.ts). Run: npm run docs:query-language
// packages/lang/src/docs/query-language-doc.test.ts fails when the file and the registry disagree.
import { writeFileSync } from 'node:fs';
import { renderQueryLanguageDoc } from '../packages/lang/dist/index.js';

const target = new URL('../docs/query-language.md', import.meta.url);
writeFileSync(target, renderQueryLanguageDoc());
console.log(`wrote ${target.pathname}`);
