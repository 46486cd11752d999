/**
 * Where the experiment lives in the address: the fragment (`#v=1&budget=tiny&…`), so that it never reaches the
 * server (no request-line limits, nothing logged) and a long link cannot stop the page from loading. Settings in
 * the query (`?budget=tiny`, `?backend=webgpu`, the older hand-written form) are read too; the fragment wins where
 * both name a key, and the app moves them into the fragment when it rewrites the address. Pure: the location is
 * passed in.
 */
import { decodeFields, encodeExperiment, formatIssue, isSharedKey, type DecodedExperiment } from './codec';
import { defaultExperiment, MAX_LINK_LENGTH, type SharedExperiment } from './experiment';
import { shown } from './fields';

export interface LinkLocation {
  pathname: string;
  search: string;
  hash: string;
}

const strip = (s: string, prefix: string) => (s.startsWith(prefix) ? s.slice(1) : s);

/** The query without the parameters the app does not own (`?utm_source=…` belongs to whoever added it). */
function ownQuery(search: string): string {
  const query = new URLSearchParams(search);
  for (const key of [...query.keys()]) if (!isSharedKey(key)) query.delete(key);
  return query.toString();
}

/**
 * Reads the experiment from an address; a link whose own part (the app's query parameters and the fragment) is
 * longer than MAX_LINK_LENGTH is refused as a whole.
 */
export function decodeLink(location: Pick<LinkLocation, 'search' | 'hash'>): DecodedExperiment {
  const search = ownQuery(strip(location.search, '?'));
  const hash = strip(location.hash, '#');
  const length = search.length + hash.length;
  if (length > MAX_LINK_LENGTH) {
    const issue = {
      field: 'link',
      problem: `${length.toLocaleString('en-US')} characters long, more than the ${MAX_LINK_LENGTH.toLocaleString('en-US')} this app reads`,
      action: 'the whole link was ignored',
    };
    return { experiment: defaultExperiment(), problems: [formatIssue(issue)], issues: [issue], refused: true };
  }
  const fields = new Map<string, unknown>();
  const repeated: string[] = [];
  const collect = (text: string, onlyOwn: boolean) => {
    const seen = new Set<string>();
    for (const [key, value] of new URLSearchParams(text)) {
      if (onlyOwn && !isSharedKey(key)) continue;
      // Empty pieces (`&&`, a trailing `&=`) carry nothing; a value without a key is named as such.
      if (key === '' && value === '') continue;
      if (seen.has(key)) {
        if (!repeated.includes(key)) repeated.push(key);
        continue; // the first one counts
      }
      seen.add(key);
      fields.set(key, value);
    }
  };
  collect(search, true);
  collect(hash, false);
  const decoded = decodeFields(fields, 'link');
  if (decoded.refused) return decoded;
  // A key of the app's as it is; any other cut, as 'not a setting' shows it (a link can be long).
  const issues = [...repeated.map((key) => ({ field: isSharedKey(key) ? key : shown(key), problem: 'given more than once', action: 'the first is used' })), ...decoded.issues];
  return { ...decoded, issues, problems: issues.map(formatIssue) };
}

/** The address for an experiment: query parameters the app does not own are kept, its own move to the fragment. */
export function linkFor(experiment: SharedExperiment, location: Pick<LinkLocation, 'pathname' | 'search'>): string {
  const query = new URLSearchParams(strip(location.search, '?'));
  for (const key of [...query.keys()]) if (isSharedKey(key)) query.delete(key);
  const search = query.toString();
  const fragment = encodeExperiment(experiment);
  return `${location.pathname}${search ? `?${search}` : ''}${fragment ? `#${fragment}` : ''}`;
}
