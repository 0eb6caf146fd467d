/** The parsed body of an HEC answer (protocol reference §3.1) and the error it means when not 2xx. */
import { HecError } from './hec-error.js';
import type { TransportResponse } from './transport.js';

export interface HecAnswerBody {
  text?: string;
  code?: number;
  'invalid-event-number'?: number;
  ackId?: number;
  acks?: Record<string, boolean>;
}

export function parseAnswer(text: string): HecAnswerBody {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as HecAnswerBody) : {};
  } catch {
    return {};
  }
}

export function answerError(response: TransportResponse, body: HecAnswerBody, requestId: string | undefined): HecError {
  const what = body.text ?? (response.text.trim().slice(0, 200) || 'no body');
  const code = typeof body.code === 'number' ? body.code : undefined;
  const position = typeof body['invalid-event-number'] === 'number' ? body['invalid-event-number'] : undefined;
  const at = position === undefined ? '' : ` at event ${position}`;
  return new HecError(`HEC answered ${response.status}: ${what}${code === undefined ? '' : ` (code ${code})`}${at}`, {
    kind: 'http',
    status: response.status,
    ...(code === undefined ? {} : { code }),
    ...(body.text === undefined ? {} : { text: body.text }),
    ...(position === undefined ? {} : { invalidEventNumber: position }),
    ...(requestId === undefined ? {} : { requestId }),
  });
}
