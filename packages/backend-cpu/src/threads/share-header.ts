/**
 * The control block a share runner and its workers share (a SharedArrayBuffer): Int32 slots for
 * the barrier and the name of the kernel to run, then the call's arguments as float64. A worker
 * finds the kernel by that name among the share kernels (share-kernels.ts), so the main thread
 * and the workers run the same registered function, never an op number.
 */
export const SLOT = {
  /** Bumped by the main thread to start a call (workers wait on it). */
  generation: 0,
  /** Workers still running the current call. */
  pending: 1,
  /** Workers that have started. */
  ready: 2,
  /** Set by a worker whose share threw. */
  failed: 3,
  /** Shares the current call is split into. */
  shares: 4,
  /** Length of the kernel name (0: stop the workers). */
  nameLength: 5,
  /** The kernel name's UTF-16 code units, one per slot. */
  name: 6,
} as const;

/** Longest kernel name. */
export const NAME_SLOTS = 42;

/** Float64 arguments of one call. */
export const ARGUMENT_COUNT = 32;

/** Byte offset of the arguments (after the Int32 slots, 8-aligned). */
const ARGUMENTS_AT = 4 * (SLOT.name + NAME_SLOTS);

/** The control block of one share runner. */
export class ShareHeader {
  readonly slots: Int32Array;
  readonly args: Float64Array;

  /** @param buffer an existing block (a worker's), else a new one. */
  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(ARGUMENTS_AT + 8 * ARGUMENT_COUNT)) {
    this.slots = new Int32Array(buffer, 0, SLOT.name + NAME_SLOTS);
    this.args = new Float64Array(buffer, ARGUMENTS_AT, ARGUMENT_COUNT);
  }

  /** Names the kernel of the next call (no allocation). */
  writeName(name: string): void {
    if (name.length > NAME_SLOTS) throw new RangeError(`ShareHeader: kernel name '${name}' is longer than ${NAME_SLOTS} characters`);
    for (let k = 0; k < name.length; k++) this.slots[SLOT.name + k] = name.charCodeAt(k);
    this.slots[SLOT.nameLength] = name.length;
  }

  /** Whether the named kernel is `name`. */
  names(name: string): boolean {
    if (this.slots[SLOT.nameLength] !== name.length) return false;
    for (let k = 0; k < name.length; k++) if (this.slots[SLOT.name + k] !== name.charCodeAt(k)) return false;
    return true;
  }
}
