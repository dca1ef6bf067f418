// npx tsx bench/monitor-overhead.ts [--steps 100] — share of step time the default monitoring costs
// on the default run (B3, N = 1000, 64×64 grid; contract metrics every 10 steps, progress + jsonl
// sinks), from the sources. Load on a shared machine makes two separate timed runs incomparable, so
// the cost is measured inside one run: a subscriber before and one after the monitor's subscribers
// time each step's notification, i.e. everything the monitor does on the flow's thread.
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Environment, ParameterPrior } from '../packages/core/src/index';
import { createFlow } from '../packages/mfpg/src/create-flow';
import { MonitorSession, monitorContributions, resolveMonitor } from '../packages/monitor/src/index';

const at = process.argv.indexOf('--steps');
const steps = at >= 0 ? Number(process.argv[at + 1]) : 100;
const { config, container, engine } = createFlow({ flow: { horizon: steps * 0.05 } });
const { metrics, sinks } = monitorContributions(container);
const monitor = resolveMonitor(config, metrics, sinks, { config, prior: container.get(ParameterPrior), environment: container.get(Environment) });
const session = new MonitorSession(monitor, { config, directory: mkdtempSync(`${tmpdir()}/mfpg-overhead-`), totalSteps: engine.totalSteps, onProgress: () => undefined }, { requestStop: () => undefined });

let notified = 0;
let monitoring = 0;
engine.steps$.subscribe(() => {
  notified = performance.now();
});
session.attach(engine.steps$);
engine.steps$.subscribe(() => {
  monitoring += performance.now() - notified;
});
const start = performance.now();
await engine.run();
const total = performance.now() - start;
await session.finish('completed');
console.log(`${engine.totalSteps} steps, ${(total / engine.totalSteps).toFixed(2)} ms/step in all`);
console.log(`monitoring on the flow's thread: ${(monitoring / engine.totalSteps).toFixed(3)} ms/step = ${((100 * monitoring) / (total - monitoring)).toFixed(2)} % of the step time without it`);
