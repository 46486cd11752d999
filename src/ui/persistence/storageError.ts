/**
 * How a failed read or write of the saved runs is said, the same for the explorer's runs and the lab's: what failed,
 * why (a full quota named as such), and what the user can do about a full quota.
 */
import { StoreClosedError } from './runStore';

export function isQuotaError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'name' in err && (err as { name: unknown }).name === 'QuotaExceededError';
}

/** A storage closed for a newer tab fails every write alike: its failures are said once, under this key. */
export function failureKey(err: unknown, key: string): string {
  return err instanceof StoreClosedError ? 'closed' : key;
}

const QUOTA_ADVICE = ' Export the results as JSON to keep them, or free space with "Clear saved runs".';

/** `what` failed because of `err`: one sentence, and the advice where the quota is full. */
export function storageErrorText(what: string, err: unknown, advice = QUOTA_ADVICE): string {
  const quota = isQuotaError(err);
  const why = quota
    ? `the browser's storage quota for this site is used up (${String((err as Error).message || 'QuotaExceededError').replace(/\.$/, '')})`
    : (err instanceof Error ? err.message : String(err)).replace(/\.$/, '');
  return `${what}: ${why}.${quota ? advice : ''}`;
}
