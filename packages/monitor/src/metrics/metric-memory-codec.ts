import { ConfigError } from '@mfpg/core';
import { z } from 'zod';
import type { MetricMemory } from '../metric-definition';

/**
 * A double as JSON, exactly: finite numbers as JSON numbers (JSON.stringify writes the shortest
 * decimal that parses back to the same double), and what JSON cannot hold — NaN, ±Infinity, −0 —
 * as strings.
 */
export type ExactNumber = number | 'NaN' | 'Infinity' | '-Infinity' | '-0';

export function encodeNumber(value: number): ExactNumber {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (Object.is(value, -0)) return '-0';
  return value;
}

export function decodeNumber(value: ExactNumber): number {
  return typeof value === 'number' ? value : value === '-0' ? -0 : Number(value);
}

/**
 * Schema of an {@link ExactNumber}, parsing to the double. Annotated: the inferred enum type would
 * declare a `[-Infinity]` key, which is not valid in a .d.ts (TS1170).
 */
export const exactNumberSchema: z.ZodType<number, ExactNumber> = z
  .union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity', '-0'])], { error: 'a number, or "NaN", "Infinity", "-Infinity", "-0"' })
  .transform(decodeNumber);

/** An array of doubles as the base64 of their little-endian float64 bytes (exact, like a checkpoint's θ). */
export function encodeFloats(values: Float64Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

/** Schema of {@link encodeFloats}' text, parsing to a fresh Float64Array (annotated: no Node `Buffer` in the public types). */
export const floatsSchema: z.ZodType<Float64Array<ArrayBuffer>, string> = z
  .string({ error: 'base64 of float64 bytes' })
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'base64 of float64 bytes' })
  .transform((text) => Buffer.from(text, 'base64'))
  .refine((bytes) => bytes.byteLength % Float64Array.BYTES_PER_ELEMENT === 0, { error: 'base64 of float64 bytes (a multiple of 8 bytes)' })
  .transform((bytes) => new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)));

/** At most 80 characters of a value, for an error message (a saved cloud can be megabytes). */
function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * The state a metric saved at the checkpoint, validated against `schema`; undefined on a fresh run
 * (no memory, or nothing restored). A snapshot of the wrong shape (a plugin changed since the
 * checkpoint) throws a ConfigError naming the metric's config `field` and what is wrong.
 */
export function restoredState<Schema extends z.ZodType>(memory: MetricMemory | undefined, schema: Schema, field: string): z.output<Schema> | undefined {
  const restored = memory?.restored;
  if (restored === undefined) return undefined;
  const parsed = schema.safeParse(restored);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(state)'}: ${issue.message}`).join('; ');
  throw ConfigError.of(`${field} (its state saved in the checkpoint)`, preview(restored), `the state this metric saves (${problems}); the checkpoint was written by another version of the metric`);
}
