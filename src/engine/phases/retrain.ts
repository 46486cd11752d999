/**
 * Retraining (SPEC §4): from the clustered search model, a phase like the plain one whose rows stay tied — after
 * every epoch, and with tieEvery 'step' after every optimiser step too (RetrainTying).
 */
import type { PhaseContext, StepFacts, StepHookEffect } from './phase';
import { PlainPhase } from './plain';

export class RetrainPhase extends PlainPhase {
  override readonly name = 'retrain';
  override readonly stepHookEffect: StepHookEffect = this.context.config.tieEvery === 'step' ? 'changes-weights' : 'none';

  constructor(context: PhaseContext) {
    super(context, context.config.retrainIterations, context.config.retrainInnerEpochs);
  }

  override async afterStep(_step: StepFacts): Promise<number> {
    await this.context.tying.afterStep();
    return 0;
  }

  override async beforeJudging(_outer: number): Promise<void> {
    if (await this.context.tying.atEpochEnd()) this.context.recalibrate();
  }
}
