import type { Observable, Subscription } from 'rxjs';
import type { StepEvent } from './step-event';

export const MonitorContribution = Symbol.for('mfpg.MonitorContribution');

/**
 * Code attached to the engine's step stream for a whole run (the gathered `monitorContribution`
 * point: `bindPlugin(options, { point: 'monitorContribution', name, description }, { useValue })`);
 * every run attaches each one and unsubscribes it at the end.
 */
export interface MonitorContribution {
  readonly name: string;
  attach(steps$: Observable<StepEvent>): Subscription;
}
