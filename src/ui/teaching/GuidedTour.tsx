/**
 * The guided tour beside the plots (on a narrower screen, under the plot): five steps with Back / Next, each with a
 * button that sets up its experiment and runs it. Dismissible (× or Escape); the step's heading takes the focus when
 * the step changes, so a keyboard or screen-reader user follows along, and the page scrolls only as far as keeps
 * `plot`, the plot it talks about, in view (revealInView.ts).
 */
import { useEffect, useRef, type RefObject } from 'react';
import type { TeachingCommands } from './teachingCommands';
import { useTeachingStore } from './teachingStore';
import { TOUR_STEPS } from './tourSteps';
import { FocusableButton } from '../FocusableButton';
import { revealInView } from '../revealInView';
import { teachingMeasures, useTeachingView } from './teachingView';
import { tourReadout } from './tourReadout';
import { tourSetupText } from './tourSetup';
import type { TeachingSettings } from './teachingSettings';

/** Whether the lab shows the problem a step sets up (its numbers are of that problem). */
const showsStepProblem = (settings: TeachingSettings, problem: Partial<TeachingSettings>) =>
  Object.entries(problem).every(([key, value]) => settings[key as keyof TeachingSettings] === value);

/**
 * The step whose heading last took the focus (null while the tour is closed). The tour moves in the page when the
 * window crosses the width where it sits beside the front; mounted there again, it must not take the focus again.
 */
let revealedStep: number | null = null;

export function GuidedTour({ commands, ready, plot }: { commands: TeachingCommands; ready: boolean; plot: RefObject<Element | null> }) {
  const step = useTeachingStore((s) => s.tourStep);
  const setStep = useTeachingStore((s) => s.setTourStep);
  const tour = useRef<HTMLElement>(null);
  const measures = useTeachingView(teachingMeasures);
  const settings = useTeachingStore((s) => s.settings);
  const heading = useRef<HTMLHeadingElement>(null);
  // Closed, the tour unmounts: its next opening takes the focus again.
  useEffect(
    () => () => {
      if (useTeachingStore.getState().tourStep === null) revealedStep = null;
    },
    [],
  );
  useEffect(() => {
    if (step === null || !tour.current || step === revealedStep) return;
    revealedStep = step;
    heading.current?.focus({ preventScroll: true });
    revealInView(tour.current, { keep: plot.current, first: heading.current });
  }, [step, plot]);
  if (step === null) return null;
  const current = TOUR_STEPS[step];
  const last = step === TOUR_STEPS.length - 1;
  const readout = showsStepProblem(settings, current.setup.problem) ? tourReadout(current.setup.methods, current.measures, measures.summaries, measures.front?.length === 1) : null;

  return (
    <aside
      ref={tour}
      className="panel tour"
      aria-labelledby="tour-heading"
      data-testid="tour"
      data-step={step}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        // Handled: present mode leaves on an Escape that nothing else took (presentMode.ts).
        e.preventDefault();
        setStep(null);
      }}
    >
      <div className="tour-head">
        <h2 id="tour-heading" tabIndex={-1} ref={heading}>
          Tour {step + 1}/{TOUR_STEPS.length}: {current.title}
        </h2>
        <button type="button" className="notice-dismiss" aria-label="Close the tour" onClick={() => setStep(null)} data-testid="tour-close">
          ×
        </button>
      </div>
      {/* The explanation, then what to do and look for: two columns under the plot in present mode (styles.css). */}
      <div className="tour-body">
        {current.body.map((p) => (
          <p key={p}>{p}</p>
        ))}
      </div>
      <div className="tour-task">
        {/* What the button changes beside it (the sweep's methods and size may have been picked otherwise). */}
        <div className="tour-setup">
          <FocusableButton className="primary" onClick={() => commands.setUpTourStep(step)} disabled={!ready} aria-describedby="tour-setup-note" data-testid="tour-setup">
            Set up and run this step
          </FocusableButton>
          <span id="tour-setup-note" className="tour-setup-note" data-testid="tour-setup-note">
            {tourSetupText(current.setup)}
          </span>
        </div>
        <p className="tour-look">
          <strong>Look for:</strong> {current.look}
          {readout && (
            // A line of the same paragraph: at 1024×768 the plot and the whole tour share one screen.
            <>
              <br />
              <span className="tour-readout" data-testid="tour-readout">
                <strong>Now:</strong> {readout}
              </span>
            </>
          )}
        </p>
        <div className="button-row">
          <FocusableButton onClick={() => setStep(step - 1)} disabled={step === 0} data-testid="tour-back">
            Back
          </FocusableButton>
          {last ? (
            <button type="button" onClick={() => setStep(null)} data-testid="tour-done">
              Finish
            </button>
          ) : (
            <button type="button" onClick={() => setStep(step + 1)} data-testid="tour-next">
              Next
            </button>
          )}
        </div>
      </div>
    </aside>
  );
}
