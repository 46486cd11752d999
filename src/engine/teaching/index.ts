/** Teaching problems with exact Pareto fronts (SPEC §7) and their step-driven trainer. */
export * from './types';
export { DEFAULT_PROBLEMS, defaultTeachingConfig, problemObjectives, teachingConfigProblems, type TeachingConfig } from './config';
export { FonsecaFleming } from './fonsecaFleming';
export { fonsecaFlemingChebyshevPoint, fonsecaFlemingFront, fonsecaFlemingFrontPoint } from './fonsecaFlemingFront';
export { WidthTransition } from './widthTransition';
export { taskGram, widthData, type WidthData } from './widthData';
export { exactFront, thinFront, MAX_FRONT_POINTS } from './exactFront';
export { widthFront } from './widthFront';
export { createTeachingProblem, TeachingTrainer, type TeachingResult, type TeachingStepResult } from './trainer';
