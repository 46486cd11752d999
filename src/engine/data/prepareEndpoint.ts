/**
 * The wire format of the data endpoint that the dev and preview servers add (scripts/dataServer.ts) and the UI
 * calls (src/ui/data): paths relative to the app's base URL, and the status JSON with its schema. A static host
 * has no such endpoint; the UI then shows the command to run instead. Pure (zod only).
 *
 *   GET  <base>__data/status    → 200 PrepStatus
 *   POST <base>__data/prepare   body {"problem": "cifar10mnist"}, Content-Type application/json
 *                               → 202 PrepStatus (started), 400 unknown problem / bad body, 403 foreign origin,
 *                                 405 not POST, 409 a preparation is running (PrepStatus), 415 not JSON
 *   GET  <base>data/<file>      → the prepared files, read from the server's data folder at request time
 */
import { z } from 'zod';
import { PREP_STAGES } from './preparation';

export const PREP_STATUS_PATH = '__data/status';
export const PREP_START_PATH = '__data/prepare';
/** Marks the status JSON (a static host may answer any path with index.html). */
export const PREP_SERVICE = 'paretoscope-data';

export const prepJobSchema = z.object({
  problem: z.string().max(100),
  state: z.enum(['running', 'done', 'failed']),
  stage: z.enum(PREP_STAGES),
  label: z.string().max(500),
  fraction: z.number().min(0).max(1),
  /** Why it failed, in words (null unless failed). */
  error: z.string().max(2000).nullable(),
  /** Wall-clock ms. */
  startedAt: z.number(),
  endedAt: z.number().nullable(),
});
export type PrepJob = z.infer<typeof prepJobSchema>;

export const prepStatusSchema = z.object({
  service: z.literal(PREP_SERVICE),
  version: z.literal(1),
  /** The problems the endpoint can prepare. */
  problems: z.array(z.string().max(100)).max(100),
  /** The latest preparation (running, or how the last one ended); null before the first. */
  job: prepJobSchema.nullable(),
});
export type PrepStatus = z.infer<typeof prepStatusSchema>;

/** A status from JSON, or null when it is not one (another server's answer, an HTML page). */
export function parsePrepStatus(json: unknown): PrepStatus | null {
  const r = prepStatusSchema.safeParse(json);
  return r.success ? r.data : null;
}
