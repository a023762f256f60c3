/** Every built-in scenario, registered once. */
import { failover, focused } from './failover.ts';
import { large } from './large.ts';
import { registerScenario } from './registry.ts';
import { sharedZooKeeper } from './shared-zookeeper.ts';
import { steady } from './steady.ts';
import { systematic } from './systematic.ts';

registerScenario(steady);
registerScenario(failover);
for (const scenario of focused) registerScenario(scenario);
registerScenario(sharedZooKeeper);
registerScenario(systematic);
registerScenario(large);
