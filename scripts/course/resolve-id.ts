// The one id lookup of `npm run lesson`, `npm run ex` and `npm run grade` lives with the grader (it
// ships in every package the grader ships in); course scripts import it from here.
export * from '../../grader/engine/resolve-id.ts';
