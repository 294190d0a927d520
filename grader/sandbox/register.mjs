// Loaded with --import before the harness: registers hooks.mjs (module hooks run on a worker thread).
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
