/**
 * The guided tour beside the plots: four steps with Back / Next, each with a button that sets up its experiment
 * and runs it. Dismissible (× or Escape); the step's heading takes the focus when the step changes, so a
 * keyboard or screen-reader user follows along.
 */
import { useEffect, useRef } from 'react';
import type { TeachingCommands } from './teachingCommands';
import { useTeachingStore } from './teachingStore';
import { TOUR_STEPS } from './tourSteps';
import { FocusableButton } from '../FocusableButton';

export function GuidedTour({ commands, ready }: { commands: TeachingCommands; ready: boolean }) {
  const step = useTeachingStore((s) => s.tourStep);
  const setStep = useTeachingStore((s) => s.setTourStep);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (step !== null) heading.current?.focus();
  }, [step]);
  if (step === null) return null;
  const current = TOUR_STEPS[step];
  const last = step === TOUR_STEPS.length - 1;

  return (
    <aside
      className="panel tour"
      aria-labelledby="tour-heading"
      data-testid="tour"
      data-step={step}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setStep(null);
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
      {current.body.map((p) => (
        <p key={p}>{p}</p>
      ))}
      <FocusableButton className="primary" onClick={() => commands.setUpTourStep(step)} disabled={!ready} data-testid="tour-setup">
        Set up and run this step
      </FocusableButton>
      <p className="tour-look">
        <strong>Look for:</strong> {current.look}
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
    </aside>
  );
}
