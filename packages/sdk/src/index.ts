/**
 * @hecate/sdk — send events to Hecate or any Splunk HEC endpoint, and search Hecate.
 * The `hecate send` command lives in `@hecate/sdk/cli`.
 */
export { HEC, type SendOptions } from './hec.js';
export type { HecOptions, ResolvedOptions } from './hec-options.js';
export { HecError, type HecErrorKind } from './hec-error.js';
export { DeliveryError, type Rejection, type SendProgress, type SendResult } from './send-result.js';
export { IngestPayload, type FieldValue, type IngestPayloadInit } from './ingest-payload.js';
export { toEnvelope, toRawLine, type EventInput, type HecEnvelopeInput } from './payload-envelope.js';
export type { TimeUnit } from './time-unit.js';
export type { HecLogger } from './redacting-logger.js';
export {
  HecateClient,
  HecateApiError,
  type HecateClientOptions,
  type SearchAnswer,
  type SearchEvent,
  type SearchQueryOptions,
} from './hecate-client.js';
export type { QueryJobMetaData, QueryJobOptions, QueryJobPoll, RunQueryJobOptions } from './query-job.js';
export { HecCode } from '@hecate/hec';
