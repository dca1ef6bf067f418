// npx tsx bench/monitor-flow-metrics.mts — the measure-level metrics of @mfpg/monitor on a B3 run
// (controlled torus), printed as a table of kept steps. Environment: SIGMA (1), N (300 particles),
// T (horizon 6), EVERY (10), GRID (24 nodes per dimension), METRICS (comma-separated config names).
// The numbers quoted in docs/metrics.md come from this script.
import 'reflect-metadata';
import { createFlow, Environment, metricDefinitions, ParameterPrior } from '../packages/mfpg/src/index';

const sigma = Number(process.env.SIGMA ?? 1);
const count = Number(process.env.N ?? 300);
const horizon = Number(process.env.T ?? 6);
const every = Number(process.env.EVERY ?? 10);
const grid = Number(process.env.GRID ?? 24);
const names = (process.env.METRICS ?? 'grad-norm,objective,energy-dissipation,stein,w2-successive,exponential-rate,monotonicity').split(',');

const { engine, container, config } = createFlow({
  particles: { count },
  env: { name: 'controlled-torus', params: {}, grid: { states: grid, actions: grid } },
  regularization: { sigma },
  flow: { dt: 0.05, horizon },
});
const context = { config, prior: container.get<ParameterPrior>(ParameterPrior), environment: container.get<Environment>(Environment) };
const rows = new Map<number, Record<string, number>>();
for (const name of names) {
  const definition = metricDefinitions.find((candidate) => candidate.name === name);
  if (!definition) throw new Error(`no metric ${name}; known: ${metricDefinitions.map((candidate) => candidate.name).join(', ')}`);
  engine.steps$.pipe(definition.create(context, { every })).subscribe((row) => rows.set(row.step, { ...(rows.get(row.step) ?? { t: row.t }), ...row.values }));
}
const start = performance.now();
await engine.run();
console.log(`sigma ${sigma}, N ${count}, ${engine.totalSteps} steps, ${(performance.now() - start).toFixed(0)} ms with ${names.join(', ')}`);
const keys = ['grad/norm', 'objective/j', 'energy/dissipation', 'energy/dissipation-plugin', 'energy/dj-dt', 'energy/dj-dt-stderr', 'stationarity/ksd-squared', 'stationarity/ksd-iid-baseline', 'distance/w2-successive', 'rate/lambda', 'rate/j-infinity', 'monotonicity/violations'];
console.log(['step', 't', ...keys].join('\t'));
for (const [step, values] of rows) console.log([step, values.t.toFixed(2), ...keys.map((key) => (values[key] === undefined ? '-' : values[key].toPrecision(4)))].join('\t'));
