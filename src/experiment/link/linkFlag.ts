/**
 * `--link URL` of the command lines (npm run train, npm run sweep): the explorer's experiment a shared link holds, read
 * by the app's own codec, as the base the command's flags then change. A link leaves out what equals the app's defaults
 * (the quick budget, the graded recipe, k = (0.2, 0.4, 0.4)), which are not the command line's (the paper's):
 * translated flag by flag by hand, a link ran another experiment. Read whole or refused: a command line has no page to
 * show a substituted default on.
 */
import { line, UsageError } from '../cli';
import type { ExperimentSettings } from '../config';
import { DATA_PROBLEM_NAMES } from '../choices';
import { kText, samePreference } from '../preference';
import { plural } from '../plural';
import { settingsOfExperiment } from './experiment';
import { decodeLink } from './location';

/** The flag, for node:util's parseArgs (each command's own options spread it). */
export const LINK_OPTIONS = { link: { type: 'string' } } as const;

/** The flag's line of a command's --help; `what`: what the command takes of the link. */
export const linkUsage = (what: string): string =>
  line('--link URL', `an explorer link (its address, or its part from #): ${what}, the app's defaults where it leaves values out; flags given as well change it`);

/** The commands that take --link: a run (or runs at once) of the link, or a sweep of its list of preferences. */
export type LinkCommand = 'train' | 'sweep';

export interface LinkedExperiment {
  settings: ExperimentSettings;
  /** The editor's preference k. */
  preference: number[];
  /** The link's list of preference vectors (`q`; empty where it has none). */
  preferences: number[][];
  /** What of the link the command does not take, and how to take it. */
  notes: string[];
}

/** The address (or only its part from `?` or `#`) of a link the app copied, as `command` takes it. */
export function experimentOfLinkFlag(link: string, command: LinkCommand = 'train'): LinkedExperiment {
  const text = link.trim();
  const hashAt = text.indexOf('#');
  const beforeHash = hashAt < 0 ? text : text.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  const decoded = decodeLink({ search: queryAt < 0 ? '' : beforeHash.slice(queryAt), hash: hashAt < 0 ? '' : text.slice(hashAt) });
  if (decoded.issues.length > 0) throw new UsageError(`--link: ${decoded.issues.map((i) => `${i.field}: ${i.problem}`).join('; ')}`);
  const e = decoded.experiment;
  if (!(DATA_PROBLEM_NAMES as readonly string[]).includes(e.problem)) {
    throw new UsageError(`--link: a teaching lab link (problem ${e.problem}): the lab trains in the browser; npm run ${command} trains the explorer's networks (${DATA_PROBLEM_NAMES.join(', ')})`);
  }
  const notes: string[] = [];
  if (decoded.readAsOlder) notes.push(decoded.readAsOlder);
  if (command === 'train' && e.q.length > 0) {
    notes.push(`the link's list of ${plural(e.q.length, 'preference')} is not trained (this run is its k); all of them at once: --preferences '${e.q.map((k) => k.join(',')).join(';')}'`);
  }
  // A sweep trains the link's list; a link without one is the experiment of its k alone.
  if (command === 'sweep' && e.q.length === 0) notes.push(`the link has no list of preferences: the sweep trains its ${kText(e.k)} alone; --preferences SET trains a set`);
  if (command === 'sweep' && e.q.length > 0 && !e.q.some((k) => samePreference(k, e.k))) {
    notes.push(`the link's editor preference ${kText(e.k)} is not in its list: the sweep trains the list; --k ${e.k.join(',')} trains it alone`);
  }
  if (e.backend !== null) notes.push(`the link asks the browser for the ${e.backend} backend; here ${command === 'train' ? '--backend' : "each worker's --backend (npm run worker)"} chooses`);
  return { settings: settingsOfExperiment(e), preference: [...e.k], preferences: e.q.map((k) => [...k]), notes };
}
