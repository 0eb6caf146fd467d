import { QueryError } from './query-error.js';

/** An invalid search option (time range, limit): not in the query text, so it has no position. */
export class QueryOptionError extends QueryError {
  constructor(...args: ConstructorParameters<typeof QueryError>) {
    super(...args);
    this.name = 'QueryOptionError';
  }
}
