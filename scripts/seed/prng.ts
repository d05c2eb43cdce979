import { v4 as uuidv4 } from "uuid";

/**
 * A small seeded PRNG (sfc32 seeded through cyrb128) so the seed data is reproducible across
 * machines and Node versions; Math.random cannot be seeded.
 */
export type Rng = {
  /** Uniform in [0, 1). */
  next(): number;
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /** Log-normal around `median` (spread is the sigma of the underlying normal). */
  lognormal(median: number, spread: number): number;
  uuid(): string;
  /** An independent stream for a sub-key, so adding draws to one part leaves others unchanged. */
  fork(key: string): Rng;
};

export function createRng(seed: string): Rng {
  const [a0, b0, c0, d0] = cyrb128(seed);
  let a = a0, b = b0, c = c0, d = d0;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next(); // let the state mix before the first draw
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    weighted: (entries) => {
      const total = entries.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [v, w] of entries) if ((r -= w) < 0) return v;
      return entries[entries.length - 1]![0];
    },
    lognormal: (median, spread) => {
      // Box-Muller; 1 - next() keeps log away from 0.
      const z = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      return median * Math.exp(spread * z);
    },
    uuid: () => {
      const random = new Uint8Array(16);
      for (let i = 0; i < 16; i += 4) {
        const n = Math.floor(next() * 4294967296);
        random[i] = n & 0xff; random[i + 1] = (n >>> 8) & 0xff; random[i + 2] = (n >>> 16) & 0xff; random[i + 3] = n >>> 24;
      }
      return uuidv4({ random });
    },
    fork: (key) => createRng(`${seed}\u0000${key}`),
  };
  return rng;
}

/** 128-bit string hash (cyrb128) spreading the seed over sfc32's four words. */
function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044813);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044813);
  h1 ^= h2 ^ h3 ^ h4; h2 ^= h1; h3 ^= h1; h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
