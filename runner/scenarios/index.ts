/** Every built-in scenario, registered once. */
import { registerScenario } from './registry.ts';
import { steady } from './steady.ts';

registerScenario(steady);
