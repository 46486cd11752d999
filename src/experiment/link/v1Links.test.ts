/**
 * Every link of schema v1 in the fixtures (captured from the app before the registry: ../fixtures/v1/README.md)
 * opens with the same meaning: the same messages, the same experiment where the registry did not change what a
 * field means, and the same config for every preference it carries.
 */
import { describe, expect, it } from 'vitest';
import links from '../fixtures/v1/links.json';
import { appliesTo, resolveConfig } from '../config';
import { migrateConfig } from '../configSchema';
import { encodeExperiment } from './codec';
import { choicesOfExperiment, defaultExperiment, SCHEMA_VERSION, SHARED_PARAMETERS, type SharedExperiment } from './experiment';
import { decodeLink } from './location';

/** The fixtures are JSON: ∞ (the reference variant's μ_max) was written "Infinity". */
const revive = <T>(value: T): T => JSON.parse(JSON.stringify(value), (_k, v) => (v === 'Infinity' ? Number.POSITIVE_INFINITY : v)) as T;

function locationOf(link: string) {
  const at = link.indexOf('#');
  return at < 0 ? { search: link, hash: '' } : { search: link.slice(0, at), hash: link.slice(at) };
}

/**
 * The v1 experiment as the registry writes it: only its method's parameters, the variant only for Chebyshev-AL, and
 * the keys added since (the sweep's `parallel`) at their defaults.
 */
function expectedExperiment(old: Record<string, unknown>): Record<string, unknown> {
  const e: Record<string, unknown> = { ...defaultExperiment(), ...old, v: SCHEMA_VERSION };
  for (const { key } of SHARED_PARAMETERS) if (!appliesTo(key, e.method as SharedExperiment['method'])) delete e[key];
  if (e.method !== 'chebyshev-al') {
    if (e.variant === 'reference') e.penalty = 'raw';
    e.variant = 'phr';
  }
  return e;
}

describe('schema v1 links', () => {
  it.each(links.map((l) => [l.link, l] as const))('%s', (_link, fixture) => {
    const decoded = decodeLink(locationOf(fixture.link));
    if (fixture.link === '#v=2&seed=3') {
      // Newer than v1, refused by the v1 app; a v2 link without a recipe ran held, and still does.
      expect(decoded.problems).toEqual([]);
      expect(decoded.experiment).toEqual({ ...defaultExperiment(), seed: 3, recipe: 'held' });
      return;
    }
    // The one reordering: a sweep's size is read after its methods list (the order they are written in); the
    // rewordings: "1 entries" became "1 entry", and a lone word is no list of numbers rather than a list one entry long;
    // and the lists of methods (Pareto set learning) and recipes (graded) have grown since.
    const v1Problems = fixture.problems.map((p) => {
      const reworded = p
        .replace(/("[^"]*[^\d".,-][^"]*") has 1 entries, not (\d)/, '$1 is not a list of $2 numbers')
        .replace('has 1 entries', 'has 1 entry')
        .replace('not one of paper, held;', 'not one of paper, held, graded;');
      return reworded.startsWith('methods[') || reworded.startsWith('method:') ? reworded.replace('mgda, random-weighting;', 'mgda, random-weighting, psl;') : reworded;
    });
    expect([...decoded.problems].sort()).toEqual([...v1Problems].sort());
    expect(decoded.refused).toBe(fixture.refused);
    if (fixture.link === '' || fixture.refused) {
      // No experiment in the address (or one refused as a whole): the defaults of this version, not v1's.
      expect(decoded.experiment).toEqual(defaultExperiment());
      return;
    }
    expect(decoded.experiment).toEqual(expectedExperiment(fixture.experiment));
    const choices = choicesOfExperiment(decoded.experiment);
    const overrides = Object.fromEntries(SHARED_PARAMETERS.flatMap((p) => (p.key in decoded.experiment ? [[p.key, (decoded.experiment as Record<string, unknown>)[p.key]]] : [])));
    for (const { k, config } of fixture.configs) expect(resolveConfig({ ...choices, overrides }, k)).toEqual(migrateConfig(revive(config)));
    // Written again, it is a link of today's version of the same experiment (a v1 link without a recipe says recipe=paper), and the
    // v1 app's own rewrite of it opens the same experiment.
    const written = encodeExperiment(decoded.experiment);
    if (written !== '') expect(written.startsWith(`v=${SCHEMA_VERSION}&`)).toBe(true);
    expect(decodeLink({ search: '', hash: `#${written}` }).experiment).toEqual(decoded.experiment);
    if (decoded.experiment.recipe === 'paper') expect(written).toContain('recipe=paper');
    // (Where the v1 app wrote an empty fragment, the address held no experiment: it opens this version's defaults.)
    if (fixture.encoded !== '' && decoded.experiment.method === 'chebyshev-al' && !fixture.link.includes('smoothMu') && !fixture.link.includes('mirrorStepSize')) {
      expect(decodeLink({ search: '', hash: `#${fixture.encoded}` }).experiment).toEqual(decoded.experiment);
    }
  });
});
