/**
 * The registry says which common parameters a Pareto set model does not read (`notFor: ['psl']`, which hides them
 * from its controls and links); this checks it against what pslConfigFromTrainerConfig reads: a parameter moved to
 * another valid value changes the model's config exactly when the registry says psl reads it.
 */
import { describe, expect, it } from 'vitest';
import { appliesTo, defaultConfig } from '../../../experiment/config';
import { COMMON_PARAMETERS } from '../../../experiment/parameters';
import { inRange, type ParameterSpec } from '../../../experiment/parameter';
import { pslConfigFromTrainerConfig } from './config';

/** Another value the parameter allows than `current`. */
function otherValue(spec: ParameterSpec, current: unknown): unknown {
  switch (spec.kind) {
    case 'number': {
      const candidates = [spec.max, spec.min, (spec.min + spec.max) / 2, 1, 2].map((v) => (spec.integer ? Math.round(v) : v));
      return candidates.find((v) => v !== current && Number.isFinite(v) && inRange(spec, v));
    }
    case 'enum':
      return spec.values.find((v) => v !== current);
    case 'flag':
      return !current;
    case 'vector':
      return (current as number[]).map((v) => v + 0.5);
  }
}

describe("the common parameters a Pareto set model reads", () => {
  const base = { ...defaultConfig({ problem: 'multimnist', network: 'hps' }), method: { name: 'psl' } } as unknown as ReturnType<typeof defaultConfig>;
  const before = pslConfigFromTrainerConfig(base);

  it.each((COMMON_PARAMETERS as readonly ParameterSpec[]).map((spec) => [spec.key, spec] as const))('%s', (key, spec) => {
    const current = (base as unknown as Record<string, unknown>)[key];
    const moved = otherValue(spec, current);
    expect(moved, `${key} has another valid value`).toBeDefined();
    const after = pslConfigFromTrainerConfig({ ...base, [key]: moved } as typeof base);
    expect(JSON.stringify(after) !== JSON.stringify(before)).toBe(appliesTo(key, 'psl'));
  });
});
