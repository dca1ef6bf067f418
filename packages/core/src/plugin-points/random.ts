/** Serialisable state of a {@link Random}: restoring it reproduces the same stream. */
export interface RandomState {
  readonly algorithm: string;
  readonly words: readonly number[];
  /** The second Box–Muller normal, kept so a restored stream continues exactly. */
  readonly spareNormal: number | null;
}

/**
 * An explicit random-number generator (Gymnasium style: passed to whatever needs randomness,
 * never global). Deterministic: the same seed gives the same stream on every platform.
 */
export interface Random {
  /** Uniform on [0, 1), 53 random bits. */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Fills out[offset … offset+count) with independent N(0, 1) draws. */
  fillNormal(out: Float64Array, offset?: number, count?: number): void;
  /** A snapshot of the state, for checkpoints. */
  state(): RandomState;
  /** An independent stream (2^64 draws ahead); this generator is left unchanged. */
  split(): Random;
}
