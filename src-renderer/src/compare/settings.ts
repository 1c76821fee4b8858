// Everything a comparison remembers besides its runs: the x axis, smoothing, grouping, the band, extra metric
// panels, panels of the user's own, which panels have a log scale, and the sample-efficiency level. Saved comparisons store it in Dexie; a comparison saved by an older
// version (or edited by hand) is read field by field, a bad or missing field taking its default, so one stale
// field never makes the whole comparison unreadable.
import { z } from 'zod'
import { DEFAULT_EFFICIENCY_OPTIONS, DEFAULT_EMA_WEIGHT, DEFAULT_SMOOTHING } from '../../../src-preload/analysis'
import type { Grouping, Smoothing } from '../../../src-preload/contract/schemas'

export const CompareSettings = z.object({
  xAxis: z.enum(['iteration', 'samples', 'time']).catch('iteration'),
  /** TensorBoard's smoothing weight for the EMA; ignored when smoothing is 'none'. */
  smoothing: z.enum(['none', 'ema']).catch(DEFAULT_SMOOTHING.kind),
  smoothingWeight: z.number().min(0).max(0.99).catch(DEFAULT_EMA_WEIGHT),
  /** Runs of a group are drawn as a mean with a band (true) or one line each (false). */
  grouped: z.boolean().catch(true),
  /** Group by these settings (dotted paths); empty: runs whose settings are equal apart from the seed. */
  groupBy: z.array(z.string().min(1)).max(8).catch([]),
  /** With `groupBy` empty, whether logging-only settings (analysis/seed-groups.ts) are left out (the default). */
  ignoreLoggingOnly: z.boolean().catch(true),
  band: z.enum(['minmax', 'std']).catch('minmax'),
  /** Panels for metrics outside METRIC_PANELS, in the order picked; null = chosen automatically. */
  otherMetrics: z.array(z.string()).nullable().catch(null),
  /** Panels the user made: any metrics together, standard or not. */
  customPanels: z.array(z.object({ title: z.string().min(1).max(80), metrics: z.array(z.string().min(1)).min(1).max(12) })).catch([]),
  /** Titles of the panels drawn with a logarithmic y axis. */
  logPanels: z.array(z.string()).catch([]),
  reachMetric: z.string().min(1).catch(DEFAULT_EFFICIENCY_OPTIONS.metric),
  /** null: the default level (the lowest final smoothed value among the picked runs, src-preload/analysis/reach.ts). */
  reachThreshold: z.number().finite().nullable().catch(null),
})
export type CompareSettings = z.infer<typeof CompareSettings>

export function defaultCompareSettings(): CompareSettings {
  return CompareSettings.parse({})
}

/** Settings from stored data of unknown shape: valid fields kept, the rest defaulted. */
export function readCompareSettings(value: unknown): CompareSettings {
  return CompareSettings.parse(value !== null && typeof value === 'object' ? value : {})
}

/** The settings' smoothing as the analysis takes it (stored as two fields, so the weight survives switching it off). */
export function smoothingOf(settings: Pick<CompareSettings, 'smoothing' | 'smoothingWeight'>): Smoothing {
  return settings.smoothing === 'ema' ? { kind: 'ema', weight: settings.smoothingWeight } : { kind: 'none' }
}

/** The settings' grouping as the analysis takes it. */
export function groupingOf(settings: Pick<CompareSettings, 'groupBy' | 'ignoreLoggingOnly'>): Grouping {
  return settings.groupBy.length ? { by: 'keys', keys: [...settings.groupBy] } : { by: 'config', ignoreLoggingOnly: settings.ignoreLoggingOnly }
}
