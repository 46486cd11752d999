/**
 * `--link URL` of the command lines: the explorer's experiment a shared link holds, read by the app's own codec, as the
 * base the command's flags then change. A link leaves out what equals the app's defaults (the quick budget, the graded
 * recipe, k = (0.2, 0.4, 0.4)), which are not the command line's (the paper's): translated flag by flag by hand, a
 * link ran another experiment. Read whole or refused: a command line has no page to show a substituted default on.
 */
import { UsageError } from '../cli';
import type { ExperimentSettings } from '../config';
import { DATA_PROBLEM_NAMES } from '../choices';
import { plural } from '../plural';
import { settingsOfExperiment } from './experiment';
import { decodeLink } from './location';

export interface LinkedExperiment {
  settings: ExperimentSettings;
  /** The editor's preference k. */
  preference: number[];
  /** What of the link the run does not take, and how to take it. */
  notes: string[];
}

/** The address (or only its part from `?` or `#`) of a link the app copied. */
export function experimentOfLinkFlag(link: string): LinkedExperiment {
  const text = link.trim();
  const hashAt = text.indexOf('#');
  const beforeHash = hashAt < 0 ? text : text.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  const decoded = decodeLink({ search: queryAt < 0 ? '' : beforeHash.slice(queryAt), hash: hashAt < 0 ? '' : text.slice(hashAt) });
  if (decoded.issues.length > 0) throw new UsageError(`--link: ${decoded.issues.map((i) => `${i.field}: ${i.problem}`).join('; ')}`);
  const e = decoded.experiment;
  if (!(DATA_PROBLEM_NAMES as readonly string[]).includes(e.problem)) {
    throw new UsageError(`--link: a teaching lab link (problem ${e.problem}): the lab trains in the browser; npm run train trains the explorer's networks (${DATA_PROBLEM_NAMES.join(', ')})`);
  }
  const notes: string[] = [];
  if (decoded.readAsOlder) notes.push(decoded.readAsOlder);
  if (e.q.length > 0) {
    notes.push(`the link's list of ${plural(e.q.length, 'preference')} is not trained (this run is its k); all of them at once: --preferences '${e.q.map((k) => k.join(',')).join(';')}'`);
  }
  if (e.backend !== null) notes.push(`the link asks the browser for the ${e.backend} backend; here --backend chooses`);
  return { settings: settingsOfExperiment(e), preference: [...e.k], notes };
}
