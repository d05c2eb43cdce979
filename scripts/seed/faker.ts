import { Faker, base, en } from "@faker-js/faker";
import type { Rng } from "./prng";

// One instance, reseeded from our PRNG before each org, so names follow the seed.
const faker = new Faker({ locale: [en, base] });

export function seededFaker(rng: Rng): Faker {
  faker.seed(Math.floor(rng.next() * 2 ** 31));
  return faker;
}
