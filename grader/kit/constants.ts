// Plain values shared by the kit and the engine (no vitest import, so the engine can load them).

/** The seed used when neither --seed nor GRADE_SEED is given. */
export const DEFAULT_GRADING_SEED = 20240917;
