// Types shared by the kit (suites, judged in the grading process) and the engine.

/** Visible checks show expected against got; hidden checks run on seeded inputs and never reveal expected values. */
export type Visibility = 'visible' | 'hidden';
