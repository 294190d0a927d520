// The suite-authoring kit: everything a grading suite in grader/suites/ needs. See grader/README.md.
import './types.ts';
export { check, group, loadSubmission, type CheckOptions, type CheckContext } from './check.ts';
export { expectClose, expectShape, expectEqual, expectTrue, type CloseOptions } from './close.ts';
export { CheckFailure, fail, type FailureKind } from './failure.ts';
export { gradingSeed, seededRandom, DEFAULT_GRADING_SEED, type Rng, type NestedNumbers } from './random.ts';
export { toNumeric, isTensorLike, formatShape, type Numeric } from './values.ts';
export type { Visibility } from './types.ts';
