/**
 * A source's transforms compiled once into one function over a batch of events. Filters are ANDed
 * (every regex_filter must pass), as in the LogScale Collector; static fields never overwrite the
 * `@collect.*` metadata.
 */
import type { CollectEvent } from '../event.js';
import type { TransformConfig } from './config.js';

export type TransformChain = (events: CollectEvent[]) => CollectEvent[];

export function compileTransforms(transforms: readonly TransformConfig[]): TransformChain {
  const steps = transforms.map((transform): TransformChain => {
    switch (transform.type) {
      case 'regex_filter': {
        const pattern = new RegExp(transform.pattern);
        const keep = transform.mode === 'include';
        return (events) => events.filter((event) => pattern.test(event.text) === keep);
      }
      case 'static_fields': {
        const entries = Object.entries(transform.fields).filter(([key]) => !key.startsWith('@collect.'));
        return (events) => {
          for (const event of events) for (const [key, value] of entries) event.fields[key] = value;
          return events;
        };
      }
    }
  });
  return (events) => steps.reduce((current, step) => (current.length === 0 ? current : step(current)), events);
}
