import { CUSTOM_ENVIRONMENT } from './playground-config';

/** The code the editor starts with: a one-state bandit on the torus with two unequal modes. */
export const DEFAULT_ENVIRONMENT_CODE = `// Return an object implementing Environment (its type is shown beside the editor).
// In scope: UniformTorusMeasure, UniformBoxMeasure, GaussianMeasure, TAU = 2π.
return {
  id: 'two-mode-bandit',
  stateSpace: { kind: 'finite', dim: 1, size: 1 },
  actionSpace: { kind: 'torus', dim: 1 },
  actionMeasure: new UniformTorusMeasure(1),
  gamma: 0.5,
  featureDim: 2,
  features(s, a, out, offset) {
    out[offset] = Math.cos(TAU * a[0]);
    out[offset + 1] = Math.sin(TAU * a[0]);
  },
  reward(s, a) { return Math.sin(TAU * a[0]) + 0.5 * Math.cos(2 * TAU * a[0]); },
  sampleInitialState(rng, out) { out[0] = 0; },
  sampleNextState(s, a, rng, out) { out[0] = 0; },
  initialDensity() { return 1; },
  transitionDensity() { return 1; },
};
`;

/** The edited code as a plugin file for `mfpg run --plugin ./custom-environment.js`. */
export function environmentPluginFile(code: string): string {
  return `// The environment edited in the mfpg playground, as a plugin:
//   npx mfpg run config.json --plugin ./custom-environment.js
import { bindPlugin, GaussianMeasure, UniformBoxMeasure, UniformTorusMeasure } from 'mfpg';
import { ContainerModule } from 'inversify';

const TAU = 2 * Math.PI;
const environment = (() => {
${code}
})();

export default new ContainerModule((options) =>
  bindPlugin(options, { point: 'environment', name: '${CUSTOM_ENVIRONMENT}', description: 'edited in the playground' }, { useFactory: () => environment }),
);
`;
}
