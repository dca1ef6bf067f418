import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Ways a user's environment plugin can misbehave; each must end as exit 2 or 4 naming the plugin. */
export type Misbehaviour =
  | { readonly kind: 'import-throws' }
  | { readonly kind: 'load-throws' }
  | { readonly kind: 'constructor-throws' }
  | { readonly kind: 'reward-throws'; readonly afterCalls: number }
  | { readonly kind: 'features-throws' }
  | { readonly kind: 'feature-dim'; readonly featureDim: unknown }
  | { readonly kind: 'density-nan' }
  | { readonly kind: 'duplicate-name' }
  | { readonly kind: 'import-loop'; readonly marker?: string }
  | { readonly kind: 'reward-loop'; readonly afterCalls: number; readonly marker?: string }
  | { readonly kind: 'well-behaved' };

/**
 * Writes an ES module registering environment `name` (a one-state bandit on the torus, as
 * examples/custom-env) that misbehaves as asked, and returns its path. The module takes the mfpg
 * API from `mfpgEntry` (an import specifier or file URL), so the CLI and the plugin share tokens.
 */
export function writeAdversarialPlugin(directory: string, name: string, misbehaviour: Misbehaviour, mfpgEntry = 'mfpg'): string {
  const path = join(directory, `${name}-${misbehaviour.kind}.mjs`);
  const featureDim = misbehaviour.kind === 'feature-dim' ? JSON.stringify(misbehaviour.featureDim) : '2';
  const calls = 'afterCalls' in misbehaviour ? misbehaviour.afterCalls : 0;
  // A loop first writes its marker file, so a test knows the plugin is stuck before it signals.
  const loop = 'marker' in misbehaviour && misbehaviour.marker ? `{ writeFileSync(${JSON.stringify(misbehaviour.marker)}, ''); for (;;) {} }` : 'for (;;) {}';
  const body = `
import { bindPlugin, UniformTorusMeasure } from ${JSON.stringify(mfpgEntry)};
import { ContainerModule } from 'inversify';
import { writeFileSync } from 'node:fs';
${misbehaviour.kind === 'import-throws' ? "throw new Error('plugin broke at import');" : ''}
${misbehaviour.kind === 'import-loop' ? loop : ''}
let calls = 0;
class Adversary {
  id = ${JSON.stringify(name)};
  stateSpace = { kind: 'finite', dim: 1, size: 1 };
  actionSpace = { kind: 'torus', dim: 1 };
  actionMeasure = new UniformTorusMeasure(1);
  gamma = 0.5;
  featureDim = ${featureDim};
  constructor() { ${misbehaviour.kind === 'constructor-throws' ? "throw new Error('plugin broke in its constructor');" : ''} }
  features(_s, a, out, offset) {
    ${misbehaviour.kind === 'features-throws' ? "throw new Error('plugin broke in features');" : ''}
    out[offset] = Math.cos(2 * Math.PI * a[0]);
    out[offset + 1] = Math.sin(2 * Math.PI * a[0]);
  }
  reward(_s, a) {
    calls++;
    ${misbehaviour.kind === 'reward-throws' ? `if (calls > ${calls}) throw new Error('plugin broke in reward');` : ''}
    ${misbehaviour.kind === 'reward-loop' ? `if (calls > ${calls}) ${loop}` : ''}
    return Math.sin(2 * Math.PI * a[0]);
  }
  sampleInitialState(_rng, out) { out[0] = 0; }
  sampleNextState(_s, _a, _rng, out) { out[0] = 0; }
  initialDensity() { return 1; }
  transitionDensity() { return ${misbehaviour.kind === 'density-nan' ? 'NaN' : '1'}; }
}
const register = (options, suffix) => bindPlugin(options, { point: 'environment', name: ${JSON.stringify(name)}, description: 'adversarial test plugin' + suffix }, { useFactory: () => new Adversary() });
export const adversaryModule = new ContainerModule((options) => {
  ${misbehaviour.kind === 'load-throws' ? "throw new Error('plugin broke in load');" : ''}
  register(options, '');
  ${misbehaviour.kind === 'duplicate-name' ? "register(options, ' (again)');" : ''}
});
`;
  writeFileSync(path, body);
  return path;
}
