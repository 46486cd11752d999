import { namedConfigProblems, resolveConfig } from '../experiment/config';
import { PROBLEM_LABELS } from '../experiment/choices';
import { BackendBadge } from './BackendBadge';
import { Notices } from './Notices';
import { Glossary } from './help/Glossary';
import { LiveCurves } from './charts/LiveCurves';
import type { ExplorerCommands } from './explorer/explorerCommands';
import { ExperimentControls } from './explorer/ExperimentControls';
import { useExplorerStore } from './explorer/explorerStore';
import { dataAvailability } from './data/availability';
import { runBlockedReason, runBlockedWaits } from './explorer/runBlocked';
import { useDataStore } from './data/dataStore';
import { PreferenceEditor } from './explorer/PreferenceEditor';
import { PreferencePlan } from './explorer/PreferencePlan';
import type { RunPersistence } from './persistence/runPersistence';
import { SharePanel } from './sharing/SharePanel';
import { RunControls } from './explorer/RunControls';
import { ParetoModelPanel } from './explorer/ParetoModelPanel';
import { RunDetails } from './explorer/RunDetails';
import { RunList } from './explorer/RunList';
import { ParetoFrontPanel } from './pareto/ParetoFrontPanel';
import { useAppStore, type SelfTestState } from './store';
import type { TrainerClient } from './trainerClient';
import { SELF_TEST_EXPECTED, selfTestMatches } from '../workers/protocol';
import { NetworkComparisonPanel } from './compare/NetworkComparisonPanel';
import { NetworkSweepControls } from './compare/NetworkSweepControls';
import { LabSwitch } from './teaching/LabSwitch';
import type { TeachingCommands } from './teaching/teachingCommands';
import { TeachingLab } from './teaching/TeachingLab';
import { useTeachingStore } from './teaching/teachingStore';
import { PanelBoundary } from './PanelBoundary';

const fmt = (values: readonly number[]) => values.map((v) => String(Math.round(v * 1000) / 1000)).join(' ');

function SelfTestOutput({ selfTest }: { selfTest: SelfTestState }) {
  switch (selfTest.state) {
    case 'idle':
      return null;
    case 'running':
      return (
        <output className="self-test" data-testid="self-test" data-state="running">
          Running…
        </output>
      );
    case 'error':
      return (
        <output className="self-test self-test-bad" data-testid="self-test" data-state="error">
          Self-test failed: {selfTest.message}
        </output>
      );
    case 'done': {
      const { result, ms } = selfTest;
      const ok = selfTestMatches(result.result);
      const n = SELF_TEST_EXPECTED.length / 2;
      return (
        <output
          className={`self-test ${ok ? 'self-test-ok' : 'self-test-bad'}`}
          data-testid="self-test"
          data-state="done"
          data-ok={String(ok)}
          data-backend={result.backend}
          data-values={JSON.stringify(result.result)}
        >
          <span>
            <strong>{ok ? 'Passed' : 'Wrong values'}</strong> on {result.backend} in {Math.round(ms)} ms
          </span>
          <span className="self-test-values">
            matMul <code>{fmt(result.result.slice(0, n))}</code>
          </span>
          <span className="self-test-values">
            conv2d <code>{fmt(result.result.slice(n))}</code>
          </span>
          {!ok && (
            <span className="self-test-values">
              expected <code>{fmt(SELF_TEST_EXPECTED)}</code>
            </span>
          )}
        </output>
      );
    }
  }
}

/** Notices about the page as a whole; an import's and an export's show beside their buttons (SharePanel). */
const PAGE_NOTICES = ['param', 'worker', 'backend', 'self-test', 'storage'] as const;

export function App({
  client,
  commands,
  persistence,
  teaching,
  sweepNetworks,
}: {
  client: TrainerClient;
  commands: ExplorerCommands;
  persistence: RunPersistence;
  teaching: TeachingCommands;
  /** Queues a sweep of the picked methods on the network problem (compare/networkSweepCommand.ts). */
  sweepNetworks: () => void;
}) {
  const status = useAppStore((s) => s.status);
  const backend = useAppStore((s) => s.backend);
  const requested = useAppStore((s) => s.requested);
  const selfTest = useAppStore((s) => s.selfTest);
  // Runs of a problem whose data are missing or being prepared would only fail: wait for them.
  const problem = useExplorerStore((s) => s.settings.problem);
  const data = useDataStore((s) => dataAvailability(s, problem));
  // A config the engine would refuse (its problems are listed under the settings, and under Run) cannot be run.
  const problems = useExplorerStore((s) => namedConfigProblems(resolveConfig(s.settings, s.preference), (p) => p.label).join('; '));
  const blockers = { status, data, problemLabel: PROBLEM_LABELS[problem], problems: problems ? [problems] : [] };
  const blocked = runBlockedReason(blockers);
  const ready = blocked === null;
  const teachingLab = useTeachingStore((s) => s.active);
  const method = useExplorerStore((s) => s.settings.method);

  return (
    <div className="app">
      <header className="app-header">
        <h1>Paretoscope</h1>
        <LabSwitch />
        <BackendBadge report={backend} requested={requested.backend ?? undefined} status={status} />
        {status === 'crashed' && (
          <button type="button" className="restart-trainer" data-testid="restart-trainer" onClick={() => client.restart()}>
            Start the trainer again
          </button>
        )}
      </header>

      <Notices sources={PAGE_NOTICES} />

      {teachingLab && (
        <PanelBoundary name="The teaching lab">
          <TeachingLab commands={teaching} persistence={persistence} />
        </PanelBoundary>
      )}
      <main className="app-main explorer" hidden={teachingLab}>
        <div className="explorer-side">
          <PreferenceEditor commands={commands} blocked={blocked} waiting={runBlockedWaits(blockers)} />
          <RunControls commands={commands} />
          <ParetoModelPanel commands={commands} />
          <PreferencePlan commands={commands} ready={ready} />
          <NetworkSweepControls ready={status === 'ready'} onSweep={sweepNetworks} />
          <ExperimentControls />
          <SharePanel persistence={persistence} />
          <PanelBoundary name="The run list">
            <RunList commands={commands} />
          </PanelBoundary>
        </div>
        <div className="explorer-main">
          <PanelBoundary name="The Pareto front">
            <ParetoFrontPanel />
          </PanelBoundary>
          <PanelBoundary name="The run's details">
            <RunDetails persistence={persistence} />
          </PanelBoundary>
          <PanelBoundary name="Methods side by side">
            <NetworkComparisonPanel commands={commands} />
          </PanelBoundary>
          <PanelBoundary name="The live readings">
            <LiveCurves />
          </PanelBoundary>
          <Glossary method={method} />
        </div>
        <section className="panel self-test-panel" aria-labelledby="self-test-heading">
          <h2 id="self-test-heading">Backend self-test</h2>
          <p className="panel-note">
            Multiplies two 3×3 matrices and runs a 2×2 convolution on the active backend, then checks the numbers.
          </p>
          <button
            type="button"
            onClick={() => void client.runSelfTest()}
            disabled={status !== 'ready'}
            data-testid="self-test-button"
          >
            Self-test
          </button>
          <SelfTestOutput selfTest={selfTest} />
        </section>
      </main>
    </div>
  );
}
