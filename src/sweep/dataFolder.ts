/**
 * Whether a data folder can serve runs: its manifest.json, and each problem's files there, readable, of the manifest's
 * sizes (cheap: before a worker starts, before each run, and before npm run train); with `hashes`, their sha256 too
 * (what the loader checks: after a run failed, to tell a damaged file from any other failure). Node only.
 */
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DATA_PROBLEM_NAMES } from '../experiment/choices';
import { MANIFEST_FILE, SPLIT_NAMES, decodeManifestJson, parseDatasetEntry, parseManifestShell } from '../engine/data/manifest';
import { checkDataset } from '../engine/data/nodeStore';
import { SYNTHETIC_DATA, syntheticProblem } from './workerEnv';

/** The command that prepares `problem`'s data in `dir` (null: where npm run data writes by default). */
export const prepareCommand = (problem: string, dir: string | null): string => `npm run data -- ${problem}${dir === null ? '' : ` --out ${dir}`}`;

/** How to prepare a worker's dataset in its folder, said once for every message of the worker's. */
export const prepareHint = (dir: string, problem: string = DATA_PROBLEM_NAMES[0]): string =>
  dir === SYNTHETIC_DATA
    ? 'start a worker with --data DIR naming a prepared folder for it'
    : `prepare it with \`${prepareCommand(problem, dir)}\`, or start the worker with --data DIR naming a prepared folder`;

/** The data folder cannot serve any run: the worker refuses to start (exit code 2, as for other bad flags). */
export class DataFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataFolderError';
  }
}

export interface DataFolderCheck {
  /** Problems whose files are all there, readable, of the manifest's sizes. */
  ready: string[];
  /** The others, each with why. */
  notReady: { problem: string; why: string }[];
}

const errnoOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | null)?.code;

/** manifest.json of a data folder, parsed, or what is wrong with the folder. */
async function readManifest(dir: string): Promise<{ json: unknown } | { why: string }> {
  const path = join(resolve(dir), MANIFEST_FILE);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const folder = await stat(resolve(dir)).then(
      (s) => (s.isDirectory() ? 'there' : 'not a folder'),
      () => 'missing',
    );
    if (folder === 'missing') return { why: 'no such folder' };
    if (folder === 'not a folder') return { why: 'not a folder' };
    const code = errnoOf(error);
    return { why: code === 'ENOENT' ? `has no ${MANIFEST_FILE}` : `cannot read ${MANIFEST_FILE} (${code ?? (error as Error).message})` };
  }
  try {
    const json = decodeManifestJson(bytes, path);
    parseManifestShell(json, path);
    return { json };
  } catch (error) {
    return { why: (error as Error).message };
  }
}

/**
 * Why this data folder cannot serve `problem` (null: it can), as far as is cheap: its manifest entry, and each of its
 * files there, readable, of the manifest's size. The loader checks the sha256 hashes when a run loads the data.
 */
async function problemUnreadable(dir: string, json: unknown, problem: string): Promise<string | null> {
  let entry;
  try {
    entry = parseDatasetEntry(json, problem);
  } catch (error) {
    return (error as Error).message;
  }
  if (!entry) return `not prepared (${MANIFEST_FILE} has no ${problem})`;
  for (const split of SPLIT_NAMES) {
    for (const file of [entry.splits[split].images, entry.splits[split].labels]) {
      const path = join(resolve(dir), file.file);
      const size = await stat(path).then(
        (s) => s.size,
        () => -1,
      );
      if (size < 0) return `${file.file} is missing`;
      if (size !== file.bytes) return `${file.file} has ${size} bytes, the manifest says ${file.bytes}`;
      const unreadable = await access(path, constants.R_OK).then(
        () => null,
        (error: unknown) => errnoOf(error) ?? 'unreadable',
      );
      if (unreadable) return `${file.file} cannot be read (${unreadable})`;
    }
  }
  return null;
}

/**
 * What a worker's --data can serve, checked before it starts: its manifest.json, and for each problem a sweep may
 * ask for, its files (problemUnreadable). Throws a DataFolderError, one line naming --data and how to prepare the
 * data, when the folder cannot serve any run. The synthetic data needs no folder.
 */
export async function checkDataFolder(dir: string): Promise<DataFolderCheck> {
  if (dir === SYNTHETIC_DATA) {
    const notReady = DATA_PROBLEM_NAMES.flatMap((problem) => {
      const why = syntheticProblem(problem);
      return why ? [{ problem, why }] : [];
    });
    return { ready: DATA_PROBLEM_NAMES.filter((p) => syntheticProblem(p) === null), notReady };
  }
  const manifest = await readManifest(dir);
  if ('why' in manifest) throw new DataFolderError(`--data ${dir}: ${manifest.why}; ${prepareHint(dir)}`);
  const check: DataFolderCheck = { ready: [], notReady: [] };
  for (const problem of DATA_PROBLEM_NAMES) {
    const why = await problemUnreadable(dir, manifest.json, problem);
    if (why) check.notReady.push({ problem, why });
    else check.ready.push(problem);
  }
  if (check.ready.length === 0) throw new DataFolderError(`--data ${dir}: ${check.notReady.map((n) => `${n.problem}: ${n.why}`).join('; ')}; ${prepareHint(dir)}`);
  return check;
}

/**
 * Why a data folder cannot serve `problem` now (null: it can, as far as checked), without a hint: the caller says how
 * to prepare it. `hashes`: also compare every file with its sha256, what the loader does (after a run failed, to tell
 * a damaged file from any other failure).
 */
export async function dataUnusable(dir: string, problem: string, hashes: boolean): Promise<string | null> {
  if (dir === SYNTHETIC_DATA) return syntheticProblem(problem);
  const manifest = await readManifest(dir);
  if ('why' in manifest) return manifest.why;
  const why = await problemUnreadable(dir, manifest.json, problem);
  if (why || !hashes) return why;
  const full = await checkDataset(resolve(dir), problem);
  return full.ok ? null : full.reason;
}
