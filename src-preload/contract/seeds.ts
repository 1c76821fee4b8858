// The seeds of a comparison or a sweep, as a person gives them: a list ("1, 2, 5"), ranges ("1-4"), or a count and
// a first seed (the launch form's "3 seeds from 1"). Shared by the launch form and the CLI's `sweep --seeds`, so a
// list means the same everywhere: "2" is seed 2, never "two seeds".
import { Seed } from './primitives'

/** Seeds one comparison or sweep may run (runs.createComparison, runs.createSweep). */
export const MAX_SEEDS = 16
const MAX_SEED = Seed.maxValue ?? 2 ** 31 - 1

export type SeedsParse = { ok: true; seeds: number[] } | { ok: false; error: string }

/** "1, 2,3" or "1 2 3" or a range "1-4" → distinct seeds in the order given. */
export function parseSeeds(text: string): SeedsParse {
  const parts = text.split(/[\s,]+/).filter((part) => part !== '')
  if (parts.length === 0) return { ok: false, error: 'list at least one seed, e.g. 1,2,3' }
  const seeds: number[] = []
  for (const part of parts) {
    const range = /^(\d+)-(\d+)$/.exec(part)
    if (range) {
      const from = Number(range[1])
      const to = Number(range[2])
      if (to < from) return { ok: false, error: `range ${part} runs backwards` }
      if (to - from >= MAX_SEEDS) return { ok: false, error: `range ${part} has more than ${MAX_SEEDS} seeds` }
      for (let seed = from; seed <= to; seed++) seeds.push(seed)
    } else if (/^\d+$/.test(part)) {
      seeds.push(Number(part))
    } else {
      return { ok: false, error: `"${part}" is not a seed: use whole numbers ≥ 0, separated by commas` }
    }
  }
  return checkSeeds(seeds)
}

/** `count` consecutive seeds from `first`: the form's "3 seeds from 1" is 1, 2, 3. */
export function seedRange(first: number, count: number): SeedsParse {
  if (!Number.isInteger(count) || count < 1) return { ok: false, error: 'run at least one seed' }
  if (!Number.isInteger(first) || first < 0) return { ok: false, error: 'the first seed is a whole number ≥ 0' }
  if (count > MAX_SEEDS) return { ok: false, error: `at most ${MAX_SEEDS} seeds` }
  return checkSeeds(Array.from({ length: count }, (_, i) => first + i))
}

function checkSeeds(seeds: number[]): SeedsParse {
  const tooLarge = seeds.find((seed) => seed > MAX_SEED)
  if (tooLarge !== undefined) return { ok: false, error: `seed ${tooLarge} is larger than ${MAX_SEED}` }
  const distinct = [...new Set(seeds)]
  if (distinct.length !== seeds.length) return { ok: false, error: 'each seed may appear only once' }
  if (distinct.length > MAX_SEEDS) return { ok: false, error: `at most ${MAX_SEEDS} seeds` }
  return { ok: true, seeds: distinct }
}
