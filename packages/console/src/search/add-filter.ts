/**
 * Adds `field="value"` to a query, as a click on a field value does. In a plain filter query the term
 * joins the others (an implicit `and`); after a pipeline stage it becomes a stage of its own (` | …`),
 * so it filters what the stages produced (a field that parseJson() created, say).
 */
import { fieldInQuery, quote } from '../editor/completion.js';
import { hasTopLevelPipe } from '../editor/highlight.js';

export function filterTerm(field: string, value: string): string {
  return `${fieldInQuery(field)}=${quote(value)}`;
}

export function addFilter(query: string, field: string, value: string): string {
  const term = filterTerm(field, value);
  const trimmed = query.trim();
  if (trimmed === '' || trimmed === '*') return term;
  // A trailing // comment would swallow what follows on its line.
  const base = /\/\/[^\n]*$/.test(trimmed) ? `${trimmed}\n` : `${trimmed} `;
  return hasTopLevelPipe(trimmed) ? `${base}| ${term}` : `${base}${term}`;
}
