/**
 * Where the running search is: progress (time slices searched of all, events found so far) with a
 * Cancel button while it runs, then how many results and how long, and the server's notes.
 */
import { formatCount } from '../ui/format.js';
import type { QueryJobState } from './use-query-job.js';

export function SearchStatus({ job, onCancel }: { job: QueryJobState; onCancel(): void }) {
  const meta = job.poll?.metaData;
  const running = job.phase === 'starting' || job.phase === 'running';
  const found = meta === undefined ? 0 : meta.eventCount;
  const noun = meta?.isAggregate === true ? 'row' : 'event';
  let text: string;
  if (job.phase === 'starting') text = 'Starting the search…';
  else if (job.phase === 'running') {
    text =
      meta === undefined || meta.workDone === 0
        ? `Searching… ${formatCount(found)} ${noun}s so far`
        : `Searching… ${meta.workDone} of ${meta.totalWork} time slices, ${formatCount(found)} ${noun}s so far`;
  } else if (job.phase === 'cancelled') {
    text = `Cancelled${meta === undefined ? '' : ` after ${meta.workDone} of ${meta.totalWork} time slices`}: ${formatCount(found)} ${noun}${found === 1 ? '' : 's'} found until then.`;
  } else if (job.phase === 'failed') {
    text = 'The search failed: see the problem above.';
  } else {
    text = `${formatCount(found)} ${noun}${found === 1 ? '' : 's'} in ${formatCount(meta?.timeMillis ?? 0)} ms (${formatCount(meta?.processedEvents ?? 0)} events searched).`;
  }
  return (
    <div class="search-status" data-phase={job.phase}>
      <p role="status" class="search-status-text">
        {text}
        {job.poll?.cancelled === true && ' The search reached its time limit: these are the results found until then.'}
      </p>
      {running && (
        <>
          <progress aria-label="Search progress" max={Math.max(1, meta?.totalWork ?? 1)} value={meta?.workDone ?? 0} />
          <button type="button" class="button small" onClick={onCancel}>
            Cancel
          </button>
        </>
      )}
      {meta?.extraData?.note !== undefined && <p class="muted small search-note">{meta.extraData.note}</p>}
    </div>
  );
}
