// The suite-authoring kit: everything a grading suite in grader/suites/ needs. See grader/README.md.
export { check, group, type CheckOptions, type CheckContext, type SandboxContext, type ProbeFunction, type RunOptions } from './check.ts';
export { expectClose, expectShape, expectEqual, expectTrue, type CloseOptions } from './close.ts';
export { CheckFailure, fail, type FailureKind } from './failure.ts';
export { seededRandom, DEFAULT_GRADING_SEED, type Rng, type NestedNumbers } from './random.ts';
export { toNumeric, isTensorLike, formatShape, kindOf, type Numeric } from './values.ts';
export type { Visibility } from './types.ts';
export { Opaque, type Plain } from '../sandbox/codec.ts';
export { expectChoice, expectValueAnswer, type ChoiceQuestion, type ValueQuestion } from './questions.ts';
