import type { Observable, Subscription } from 'rxjs';
import type { StepEvent } from './step-event';

export const MonitorContribution = Symbol.for('mfpg.MonitorContribution');

/** A metric or sink attached to the engine's step stream; several are collected by the container. */
export interface MonitorContribution {
  readonly name: string;
  attach(steps$: Observable<StepEvent>): Subscription;
}
