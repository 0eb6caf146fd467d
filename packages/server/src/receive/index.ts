/** The HEC receive stage: see hec-receiver.ts. */
export { createHecReceiver, type HecReceiverWithStats } from './hec-receiver.js';
export type * from './types.js';
