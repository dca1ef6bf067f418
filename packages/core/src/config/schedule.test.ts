import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors';
import { resolveConfig } from './overrides';
import { scheduledTimes, scheduledValue, SchedulesConfigSchema } from './schedule';

describe('schedules of σ, τ and dt', () => {
  it('follow their closed forms', () => {
    expect(scheduledValue(undefined, 0.7, 123)).toBe(0.7);
    expect(scheduledValue({ kind: 'constant' }, 0.7, 123)).toBe(0.7);
    const exponential = { kind: 'exponential', rate: 0.5, final: 0.1 } as const;
    expect(scheduledValue(exponential, 0.7, 0)).toBe(0.7);
    // One e-folding time 1/λ = 2 closes the gap to v∞ by the factor e.
    expect(scheduledValue(exponential, 0.7, 2)).toBeCloseTo(0.1 + 0.6 / Math.E, 15);
    expect(scheduledValue({ kind: 'exponential', rate: 3 }, 0.7, 1e6)).toBe(0);
    const annealing = { kind: 'inverse-log', timeScale: 4, power: 0.5 } as const;
    expect(scheduledValue(annealing, 0.7, 0)).toBe(0.7);
    // At t = T(e² − e), ln(e + t/T) = 2, so v = v0/2^p.
    expect(scheduledValue(annealing, 0.7, 4 * (Math.E ** 2 - Math.E))).toBeCloseTo(0.7 / Math.SQRT2, 14);
    expect(scheduledValue({ kind: 'inverse-log' }, 2, Math.E ** 3 - Math.E)).toBeCloseTo(2 / 3, 14);
  });

  it('give step times t_{k+1} = t_k + dt(t_k) up to the horizon', () => {
    const constant = scheduledTimes({ kind: 'constant' }, 0.05, 1) as Float64Array;
    expect(constant).toHaveLength(21);
    constant.forEach((t, k) => expect(t).toBeCloseTo(0.05 * k, 14));
    const schedule = { kind: 'exponential', rate: 1, final: 0.01 } as const;
    const times = scheduledTimes(schedule, 0.1, 2) as Float64Array;
    for (let k = 0; k + 1 < times.length; k++) expect(times[k + 1]).toBe(times[k] + scheduledValue(schedule, 0.1, times[k]));
    expect(times.at(-2)!).toBeLessThan(2);
    expect(times.at(-1)!).toBeGreaterThanOrEqual(2 * (1 - 1e-9));
  });

  it('reject malformed schedules, naming the field', () => {
    const issues = (schedules: unknown) => {
      try {
        resolveConfig({ schedules });
      } catch (error) {
        return (error as ConfigError).issues.map((issue) => `${issue.field}: ${issue.allowed}`);
      }
      return [];
    };
    expect(issues({ sigma: { kind: 'cosine' } })).toEqual([expect.stringMatching(/^schedules\.sigma\.kind: .*constant, exponential, inverse-log/)]);
    expect(issues({ tau: { kind: 'exponential', rate: 1 } })).toEqual([expect.stringMatching(/^schedules\.tau\.final: a number > 0: τ\(t\) must stay > 0/)]);
    expect(issues({ dt: { kind: 'exponential', rate: 1, final: 0 } })).toEqual([expect.stringMatching(/^schedules\.dt\.final: a number > 0/)]);
    expect(issues({ sigma: { kind: 'exponential', rate: -1 } })).toEqual([expect.stringMatching(/^schedules\.sigma\.rate: a number > 0/)]);
    expect(issues({ sigma: { kind: 'inverse-log', speed: 2 } })).toEqual(['schedules.sigma.speed: no key "speed" for a inverse-log schedule; its keys: kind, timeScale, power']);
    expect(issues({ beta: { kind: 'constant' } })).toEqual(['schedules.beta: no key "beta" here; known keys: sigma, tau, dt']);
    // dt = 1e-9 + 0.05e^{−2t}: the steps up to time T number ≈ 10·e^{2T} while the decay lasts
    // (t ≲ 9, ≈ 5e8 steps), far beyond 10^7 before t = 20.
    expect(issues({ dt: { kind: 'exponential', rate: 2, final: 1e-9 } }).join()).toMatch(/^schedules\.dt: a dt schedule that reaches flow\.horizon = 20/);
    expect(SchedulesConfigSchema.parse({})).toEqual({});
  });
});
