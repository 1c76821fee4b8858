// Dataset statistics gathered in one streaming pass: prompt and reference lengths (histogram on power-of-two
// buckets plus exact percentiles; lengths are kept as 4 bytes a row, so even millions of rows stay small), answer
// kinds, and counts per verifier and data source.
import { answerKind } from './answer-kind'
import { GrowableInt32 } from './growable-int32'
import { ANSWER_KINDS, type AnswerKind, type DatasetStatistics, type LengthStatistics } from './types'

/** Bucket lower edges: 0, 1, 2, 4, ..., 65536 characters; the last bucket is open-ended. */
export const LENGTH_EDGES: readonly number[] = [0, ...Array.from({ length: 17 }, (_, i) => 2 ** i)]

export class StatisticsCollector {
  private readonly promptLengths = new GrowableInt32()
  private readonly referenceLengths = new GrowableInt32()
  private readonly kinds = Object.fromEntries(ANSWER_KINDS.map((k) => [k, 0])) as Record<AnswerKind, number>
  private readonly verifiers: Record<string, number> = {}
  private readonly dataSources: Record<string, number> = {}

  add(row: { prompt: string; reference: string; verifier: string; dataSource: string }): void {
    this.promptLengths.push(codePoints(row.prompt))
    this.referenceLengths.push(codePoints(row.reference))
    this.kinds[answerKind(row.reference)] += 1
    this.verifiers[row.verifier] = (this.verifiers[row.verifier] ?? 0) + 1
    this.dataSources[row.dataSource] = (this.dataSources[row.dataSource] ?? 0) + 1
  }

  result(): DatasetStatistics {
    return {
      promptChars: lengthStatistics(this.promptLengths.values()),
      referenceChars: lengthStatistics(this.referenceLengths.values()),
      answerKinds: { ...this.kinds },
      verifiers: { ...this.verifiers },
      dataSources: { ...this.dataSources },
    }
  }
}

/** Characters as a reader counts them: Unicode code points, not UTF-16 units (an emoji is one). */
export function codePoints(text: string): number {
  let count = 0
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    // A high surrogate followed by a low one is a single code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) i += 1
    }
    count += 1
  }
  return count
}

export function lengthStatistics(lengths: Int32Array): LengthStatistics {
  const counts = LENGTH_EDGES.map(() => 0)
  let total = 0
  for (const length of lengths) {
    counts[bucketOf(length)]! += 1
    total += length
  }
  const sorted = lengths.slice().sort()
  // Nearest-rank percentile: the smallest length with at least p% of the rows at or below it.
  const percentile = (p: number): number => (sorted.length === 0 ? 0 : sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!)
  return {
    edges: [...LENGTH_EDGES],
    counts,
    min: sorted[0] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
    mean: lengths.length === 0 ? 0 : total / lengths.length,
    p50: percentile(50),
    p90: percentile(90),
    p99: percentile(99),
  }
}

function bucketOf(length: number): number {
  let bucket = 0
  while (bucket + 1 < LENGTH_EDGES.length && length >= LENGTH_EDGES[bucket + 1]!) bucket += 1
  return bucket
}
