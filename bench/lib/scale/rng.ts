// A seeded PRNG (sfc32) for the scale log: the same seed gives the same log on any machine, and
// it is fast enough (~100 M draws/s) that generating 10 M events costs seconds, not minutes.

export type Rng = {
  /** Uniform in [0, 1). */
  next(): number;
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Log-normal around `median`; `spread` is the sigma of the underlying normal. */
  lognormal(median: number, spread: number): number;
  /** A version-4 UUID drawn from this stream. */
  uuid(): string;
};

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export function createRng(seed: string): Rng {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  const mix = () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
  let a = mix(), b = mix(), c = mix(), d = mix();
  const u32 = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) u32();
  const next = () => u32() / 4294967296;
  const byte4 = (n: number) => HEX[n & 0xff]! + HEX[(n >>> 8) & 0xff]! + HEX[(n >>> 16) & 0xff]! + HEX[n >>> 24]!;
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    lognormal: (median, spread) => median * Math.exp(spread * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next())),
    uuid: () => {
      const x = byte4(u32()), y = byte4(u32()), z = byte4(u32()), w = byte4(u32());
      // xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx
      return `${x}-${y.slice(0, 4)}-4${y.slice(5, 8)}-${"89ab"[z.charCodeAt(0) & 3]}${z.slice(1, 4)}-${z.slice(4, 8)}${w}`;
    },
  };
}
