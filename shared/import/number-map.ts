// A map from exact non-negative integer keys (< 2^53) to line numbers, in two typed arrays with
// open addressing: 12 bytes a slot, at most 3/4 full, where a Map of a million doubles takes
// ~60 MB. The loader keeps one entry per row of a file to find duplicate keys, so this is what
// keeps a million-row import's memory small.
//
// Each growth leaves the old arrays to the collector, which frees an ArrayBuffer only in a full
// collection — rare in a loader that makes little old garbage: a map grown 65,536 → 2^21 slots
// a doubling at a time kept ~25 MB of dead arrays beside its 24 MB. `reserve` sizes it once
// for the rows the file is expected to hold.
const EMPTY = -1;
const MAX_LOAD = 0.75;
/** Keys hashed together, to neighbouring slots (find). */
const GROUP = 8;

export class NumberKeyMap {
  private keys: Float64Array;
  private values: Uint32Array;
  private count = 0;

  constructor(capacity = 1 << 16) {
    this.keys = new Float64Array(capacity).fill(EMPTY);
    this.values = new Uint32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Slots in the arrays (a key takes one; at most 3/4 are used). */
  get capacity(): number {
    return this.keys.length;
  }

  get(key: number): number | undefined {
    const slot = this.find(this.keys, key);
    return this.keys[slot] === key ? this.values[slot] : undefined;
  }

  /** Makes room for `count` keys in all, at once (exactly: the capacity need not be a power of two). */
  reserve(count: number): void {
    const capacity = Math.ceil(count / MAX_LOAD);
    if (capacity > this.keys.length) this.resize(capacity);
  }

  /**
   * The key's value when it has one; otherwise sets it to `value` and returns undefined. One
   * probe where get() then set() made two (a duplicate check per row of a million-row file).
   */
  getOrSet(key: number, value: number): number | undefined {
    if (this.count + 1 > this.keys.length * MAX_LOAD) this.resize(this.keys.length * 2);
    const slot = this.find(this.keys, key);
    if (this.keys[slot] === key) return this.values[slot];
    this.keys[slot] = key;
    this.values[slot] = value;
    this.count++;
    return undefined;
  }

  set(key: number, value: number): void {
    if (this.count + 1 > this.keys.length * MAX_LOAD) this.resize(this.keys.length * 2);
    const slot = this.find(this.keys, key);
    if (this.keys[slot] !== key) {
      this.keys[slot] = key;
      this.count++;
    }
    this.values[slot] = value;
  }

  private find(keys: Float64Array, key: number): number {
    const capacity = keys.length;
    // Keys that differ only in their last three bits (a charges file's services of one account
    // and period, row after row) share a hash and take neighbouring slots: eight rows then touch
    // one stretch of memory where each had missed the CPU's cache (a tenth of reading and
    // checking a million charges, development VM).
    const group = Math.floor(key / GROUP);
    // Mix both halves of the double's integer value; keys are often multiples of a power of two.
    let h = (Math.imul((group % 0x1_0000_0000) | 0, 0x9e3779b1) ^ Math.imul(Math.floor(group / 0x1_0000_0000) | 0, 0x85ebca6b)) >>> 0;
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d) >>> 0;
    h = (h ^ (h >>> 12)) >>> 0;
    // The hash scaled to the capacity (any size), by its high bits, then the key's place in its group.
    let slot = Math.floor((h / 0x1_0000_0000) * capacity) + (key - group * GROUP);
    if (slot >= capacity) slot -= capacity;
    while (keys[slot] !== EMPTY && keys[slot] !== key) slot = slot + 1 === capacity ? 0 : slot + 1;
    return slot;
  }

  private resize(capacity: number): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.keys = new Float64Array(capacity).fill(EMPTY);
    this.values = new Uint32Array(capacity);
    for (let i = 0; i < oldKeys.length; i++) {
      const key = oldKeys[i] as number;
      if (key === EMPTY) continue;
      const slot = this.find(this.keys, key);
      this.keys[slot] = key;
      this.values[slot] = oldValues[i] as number;
    }
  }
}
