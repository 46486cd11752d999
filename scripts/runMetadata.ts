/**
 * What a command's JSON (a bench's, a result of npm run train) says about the run that wrote it, so that a file read
 * months later still says when, on which code and on which machine its numbers were taken: the date, the git commit,
 * the Node version, the CPU and its cores, and the command line. docs/performance.md lists it.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface RunMetadata {
  /** When the command started, ISO 8601 in UTC. */
  date: string;
  /** `git rev-parse HEAD` of the working directory; null where that fails (no git, not a checkout). */
  commit: string | null;
  /** Whether tracked files differed from that commit (the numbers then come from code in no commit); null: git cannot say. */
  dirty: boolean | null;
  /** process.version: 'v20.20.2'. */
  node: string;
  /** os.cpus()[0].model; null where Node reports no CPU. */
  cpu: string | null;
  /** os.cpus().length. */
  cores: number;
  /** The npm script, as `npm run <script>` names it ('bench', 'bench:front', 'train'). */
  script: string;
  /** The arguments after the script's name (`npm run train -- <argv>`). */
  argv: string[];
}

/** HEAD's commit, or null where git cannot say (not installed, not a checkout). */
export function gitCommit(cwd: string = process.cwd()): string | null {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
    return /^[0-9a-f]{40,64}$/.test(out) ? out : null;
  } catch {
    return null;
  }
}

/** Whether tracked files differ from HEAD (uncommitted changes), or null where git cannot say. */
export function gitDirty(cwd: string = process.cwd()): boolean | null {
  try {
    return execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim().length > 0;
  } catch {
    return null;
  }
}

/** The commit as a run's note names it: "abc123def456", "abc123def456 with local changes", or null. */
export function codeVersion(commit: string | null = gitCommit(), dirty: boolean | null = gitDirty()): string | null {
  return commit === null ? null : `${commit.slice(0, 12)}${dirty ? ' with local changes' : ''}`;
}

/** The metadata of this run; `now` and git's readers are parameters for the tests. */
export function runMetadata(
  script: string,
  argv: readonly string[] = process.argv.slice(2),
  now: Date = new Date(),
  commit: () => string | null = gitCommit,
  dirty: () => boolean | null = gitDirty,
): RunMetadata {
  const cpus = os.cpus();
  return { date: now.toISOString(), commit: commit(), dirty: dirty(), node: process.version, cpu: cpus[0]?.model.trim() ?? null, cores: cpus.length, script, argv: [...argv] };
}
