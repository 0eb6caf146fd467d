/** Data channel validation (protocol reference §7.1). */
import { HecCode } from './status.js';

export const CHANNEL_PATTERN = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

export type ChannelResult =
  | { ok: true; channel: string | undefined }
  | { ok: false; code: typeof HecCode.DataChannelMissing | typeof HecCode.InvalidDataChannel };

/**
 * Validates a channel when one was supplied. GUIDs compare case-insensitively, so the returned id is
 * lower-cased: it is the key of the channel's acknowledgements.
 */
export function validateChannel(value: string | undefined): ChannelResult {
  if (value === undefined) return { ok: true, channel: undefined };
  if (value === '') return { ok: false, code: HecCode.DataChannelMissing };
  if (!CHANNEL_PATTERN.test(value)) return { ok: false, code: HecCode.InvalidDataChannel };
  return { ok: true, channel: value.toLowerCase() };
}
