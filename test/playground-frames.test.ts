/**
 * The playground's frames (packages/playground/src/frames.ts) pair the step, t, F and the particles
 * of one published state: the engine publishes ν_t and then moves the particles, so its own step
 * counter is one ahead of the last F; a frame built from the counter shows F one step late.
 */
import { createFlow } from 'mfpg';
import { describe, expect, it } from 'vitest';
import { FrameRecorder } from '../packages/playground/src/frames';

describe('playground frames', () => {
  it('each frame carries the step, t, F and θ of the same published state', async () => {
    const { engine } = createFlow({ particles: { count: 20 }, flow: { horizon: 0.25 } });
    const frames = new FrameRecorder();
    const published = new Map<number, { t: number; value: number; theta: Float64Array }>();
    engine.steps$.subscribe((event) => {
      frames.observe(event);
      published.set(event.step, { t: event.t, value: event.value, theta: event.theta.slice() });
    });
    // Before the first step nothing is published: the engine's particles at step 0, no F.
    const first = frames.frame(engine, false, true)!.frame;
    expect(first).toMatchObject({ step: 0, t: 0 });
    expect(first.value).toBeNaN();
    for (let k = 0; k < 5; k++) {
      await engine.advance();
      const { frame } = frames.frame(engine, true, true)!;
      // The engine has moved on to step k + 1; the frame shows the state it published, step k.
      expect(engine.step).toBe(k + 1);
      expect(frame.step).toBe(k);
      expect(frame.t).toBe(published.get(k)!.t);
      expect(frame.value).toBe(published.get(k)!.value);
      expect(frame.theta).toEqual(published.get(k)!.theta);
    }
    // F changes from step to step, so pairing F with the wrong step could not pass the above.
    expect(published.get(4)!.value).not.toBe(published.get(3)!.value);
  });

  it('frames come at most every 33 ms unless forced', async () => {
    const { engine } = createFlow({ particles: { count: 20 }, flow: { horizon: 0.25 } });
    const frames = new FrameRecorder();
    expect(frames.frame(engine, false)).toBeDefined();
    expect(frames.frame(engine, false)).toBeUndefined();
    expect(frames.frame(engine, false, true)).toBeDefined();
  });
});
