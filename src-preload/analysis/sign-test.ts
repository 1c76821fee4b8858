// The exact sign test: across seed pairs, did the arm come out ahead more often than a coin would say? It assumes
// nothing about the size or the distribution of the differences (a t-interval assumes them roughly normal), only
// that under "no difference" each pair is equally likely to go either way. With 5 pairs the smallest two-sided
// p-value it can give is 2/32 = 0.0625: five seeds cannot reach p < 0.05 by signs alone, and the readouts say so.

export interface SignTest {
  /** Pairs above the centre (e.g. the arm ahead), below it, and exactly on it (ties: left out of the test). */
  above: number
  below: number
  ties: number
  /** Two-sided exact binomial p-value: P(a split at least this uneven | each sign has probability 1/2); 1 with no untied pair. */
  p: number
}

/** log C(n, k), summed so that n up to thousands stays finite. */
function logChoose(n: number, k: number): number {
  let sum = 0
  for (let i = 1; i <= k; i++) sum += Math.log(n - k + i) - Math.log(i)
  return sum
}

/** P(X ≤ k) for X ~ Binomial(n, 1/2). */
export function binomialHalfCdf(k: number, n: number): number {
  if (k < 0) return 0
  if (k >= n) return 1
  let sum = 0
  for (let i = 0; i <= k; i++) sum += Math.exp(logChoose(n, i) - n * Math.LN2)
  return Math.min(1, sum)
}

/** The sign test of `values` against `centre` (0 for differences, 0 for log ratios). Non-finite values are an error. */
export function signTest(values: readonly number[], centre = 0): SignTest {
  const bad = values.find((v) => !Number.isFinite(v))
  if (bad !== undefined) throw new RangeError(`signTest: every value must be a finite number, got ${bad}`)
  const above = values.filter((v) => v > centre).length
  const below = values.filter((v) => v < centre).length
  const n = above + below
  const p = n === 0 ? 1 : Math.min(1, 2 * binomialHalfCdf(Math.min(above, below), n))
  return { above, below, ties: values.length - n, p }
}
