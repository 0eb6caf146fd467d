/**
 * @hecate/hec — the Splunk HTTP Event Collector protocol as data: status codes and replies,
 * credential and channel rules, the event-body decoder and raw line splitting. No HTTP server here:
 * the receiver, the SDK and the collector share it.
 */
export {
  HecCode,
  HEC_STATUSES,
  NOT_FOUND_BODY,
  hecReply,
  hecStatus,
  methodNotAllowedReply,
  notFoundReply,
  type HecReply,
  type HecStatus,
  type ReplyExtras,
} from './status.js';
export { extractCredential, type CredentialResult, type CredentialSource } from './credentials.js';
export { CHANNEL_PATTERN, validateChannel, type ChannelResult } from './channel.js';
export type { HecEnvelope, HecFieldValue } from './envelope.js';
export {
  DEFAULT_MAX_DEPTH,
  decodeEventBody,
  type DecodeError,
  type DecodeOptions,
  type DecodeResult,
  type EnvelopeDefaults,
} from './envelope-decoder.js';
export { convertTime, TIME_ABSENT, TIME_INVALID, TIME_OK, type TimeOutcome, type TimeParts } from './hec-time.js';
export { splitRawLines } from './raw-lines.js';
export { utf8Text } from './utf8-text.js';
