// The Reports view's pure parts: reading its option fields and turning an export into a downloadable Blob.
import type { ApiResponse } from '../../../../src-preload/contract/api'
import { parseGrouping } from '../../../../src-preload/analysis'
import type { Grouping, ReportOptions, Smoothing } from '../../../../src-preload/contract/schemas'

export type ExportedReport = ApiResponse<'reports.export'>

/** The contract's limit on heatmap iterations per report. */
export const MAX_HEATMAP_ITERATIONS = 8

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string }

/** "2, 10 20" → [2, 10, 20] (sorted, unique); blank → undefined (the host's default: each run's last sampled). */
export function parseIterationList(text: string): Parsed<number[] | undefined> {
  const parts = text.split(/[\s,]+/).filter(Boolean)
  if (parts.length === 0) return { ok: true, value: undefined }
  const values: number[] = []
  for (const part of parts) {
    const value = Number(part)
    if (!Number.isInteger(value) || value < 1) return { ok: false, error: `"${part}" is not an iteration number (1, 2, …)` }
    values.push(value)
  }
  const unique = [...new Set(values)].sort((a, b) => a - b)
  if (unique.length > MAX_HEATMAP_ITERATIONS) return { ok: false, error: `at most ${MAX_HEATMAP_ITERATIONS} iterations (got ${unique.length})` }
  return { ok: true, value: unique }
}

/** A reward level; blank → undefined (the host's default: the lowest final smoothed reward among the runs). */
export function parseThreshold(text: string): Parsed<number | undefined> {
  const trimmed = text.trim()
  if (trimmed === '') return { ok: true, value: undefined }
  const value = Number(trimmed)
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, error: `"${trimmed}" is not a number` }
}

/** The grouping field, as the CLI's --group-by reads it (analysis/seed-groups.ts): config, exact, or settings a,b. */
export function parseGroupingField(text: string): Parsed<Grouping> {
  try {
    return { ok: true, value: parseGrouping(text) }
  } catch (error) {
    return { ok: false, error: (error as Error).message }
  }
}

/** The smoothing and the grouping are always sent, so the report says what the form showed. */
export function reportOptions(iterations: number[] | undefined, threshold: number | undefined, seedMean: boolean, smoothing: Smoothing, grouping: Grouping): ReportOptions {
  return {
    ...(iterations ? { heatmapIterations: iterations } : {}),
    ...(threshold !== undefined ? { rewardThreshold: threshold } : {}),
    smoothing,
    seedMean,
    grouping,
  }
}

/** The export's bytes as a Blob: PDF arrives base64-encoded, the other formats as text. */
export function reportBlob(report: Pick<ExportedReport, 'content' | 'encoding' | 'mediaType'>): Blob {
  if (report.encoding === 'utf8') return new Blob([report.content], { type: report.mediaType })
  const binary = atob(report.content)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return new Blob([bytes], { type: report.mediaType })
}

/** The file's own name (host paths may use either separator). */
export function fileNameOf(path: string): string {
  return path.split(/[\\/]/).pop() || path
}

/** [1, 2, 3, 5, 7, 8] → "1–3, 5, 7–8": the sampled iterations of the picked runs, for the options' hint. */
export function compactRanges(numbers: readonly number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b)
  const ranges: string[] = []
  for (let i = 0; i < sorted.length; ) {
    let j = i
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++
    ranges.push(i === j ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`)
    i = j + 1
  }
  return ranges.join(', ')
}
