import { describe, expect, it } from 'vitest';
import { closestFlags, editDistance, parseFlags } from './flags';

const closestFlag = (unknown: string, names: Record<string, string>) => closestFlags(unknown, names)[0] ?? null;

describe('the command lines’ flags', () => {
  it('edit distance', () => {
    expect(editDistance('net', 'net')).toBe(0);
    expect(editDistance('nte', 'net')).toBe(2);
    expect(editDistance('seed', 'seeds')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('the closest flag: case and dashes ignored, one name containing the other or at most 2 edits apart', () => {
    const names = { net: 'net', network: 'net', 'inner-epochs': 'inner-epochs', 'search-iterations': 'search-iterations', lr: 'lr', k: 'k' };
    expect(closestFlag('network', names)).toBe('net');
    expect(closestFlag('Search_Iterations', names)).toBe('search-iterations');
    expect(closestFlag('inner-epoch', names)).toBe('inner-epochs');
    expect(closestFlag('epochs', names)).toBe('inner-epochs');
    expect(closestFlag('lt', names)).toBe('lr');
    // One letter matches too much to suggest anything.
    expect(closestFlag('x', names)).toBeNull();
    expect(closestFlag('backup', names)).toBeNull();
  });

  it('without a near name, every flag whose names contain it: --epochs is in the names of five', () => {
    const names = { 'inner-epochs': 'inner-epochs', 'retrain-inner-epochs': 'retrain-inner-epochs', 'epochs-plain': 'plain-iterations', 'epochs-search': 'search-iterations', 'plain-iterations': 'plain-iterations' };
    expect(closestFlags('epochs', names)).toEqual(['inner-epochs', 'retrain-inner-epochs', 'plain-iterations', 'search-iterations']);
    // A near name wins over the ones containing it.
    expect(closestFlags('inner-epoch', names)).toEqual(['inner-epochs']);
    const options = { 'inner-epochs': { type: 'string' }, 'plain-iterations': { type: 'string' }, 'search-iterations': { type: 'string' } } as const;
    expect(() => parseFlags(['--epochs', '3'], options, names)).toThrow(/^Unknown option '--epochs': did you mean --inner-epochs, --plain-iterations or --search-iterations\?$/);
  });

  it('an unknown flag names the closest of the options, or of the other names of theirs', () => {
    const options = { net: { type: 'string' }, quiet: { type: 'boolean' } } as const;
    expect(() => parseFlags(['--quite'], options)).toThrow(/^Unknown option '--quite': did you mean --quiet\?$/);
    expect(() => parseFlags(['--network=hps'], options, { network: 'net', other: 'missing' })).toThrow(/^Unknown option '--network': did you mean --net\?$/);
    // A name of a flag the command does not have is no hint.
    expect(() => parseFlags(['--other'], options, { other: 'missing' })).toThrow(/^Unknown option '--other'$/);
    expect(parseFlags(['--net', 'hps'], options)).toEqual({ net: 'hps' });
  });

  it('a flag given twice is refused, both uses named (parseArgs would keep the last)', () => {
    const options = { net: { type: 'string' }, quiet: { type: 'boolean' } } as const;
    expect(() => parseFlags(['--net', 'hps', '--quiet', '--net=mdmtn'], options)).toThrow(/^--net hps and --net mdmtn: a flag given twice \(give it once\)$/);
    expect(() => parseFlags(['--quiet', '--no-quiet'], options)).toThrow(/^--quiet and --no-quiet: a flag given twice/);
    expect(parseFlags(['--net', 'hps', '--quiet'], options)).toEqual({ net: 'hps', quiet: true });
  });

  it('a value without its flag: npm kept the flag (npm run sweep --budget tiny), or a value with a space', () => {
    const options = { budget: { type: 'string' }, 'train-subset': { type: 'string' } } as const;
    // What npm 11 passes on, and sets, for `npm run sweep --train-subset 64`.
    expect(() => parseFlags(['64'], options, {}, { npm_lifecycle_event: 'sweep', npm_config_train_subset: 'true' })).toThrow(
      "unexpected argument '64': npm took --train-subset for a setting of its own and passed on only its value; the options go after --: npm run sweep -- --train-subset 64",
    );
    expect(() => parseFlags(['--budget', 'tiny', '0.4,'], options, {}, { npm_lifecycle_event: 'train' })).toThrow("unexpected argument '0.4,': npm run train takes options only, --name value (a value with spaces in quotes)");
  });

  it('a flag whose value was left out says so in one line', () => {
    const options = { seed: { type: 'string', short: 's' }, quiet: { type: 'boolean' } } as const;
    expect(() => parseFlags(['--seed', '--quiet'], options)).toThrow(/^--seed needs a value$/);
    expect(() => parseFlags(['--quiet', '--seed'], options)).toThrow(/^--seed needs a value$/);
  });
});
