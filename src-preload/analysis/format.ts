// How the figures of a comparison are written, the same in the report, the CLI and the app: a figure that reads
// "0.542" in one and "0.5417" in another looks like a different result.

/** A metric value or level: integers as they are, otherwise 3 significant digits (an exponent when tiny). */
export function formatFigure(value: number | null): string {
  if (value === null) return '—'
  if (!Number.isFinite(value)) return String(value)
  if (Number.isInteger(value)) return String(value)
  const abs = Math.abs(value)
  if (abs >= 1000) return value.toFixed(0)
  if (abs >= 1e-3) return String(Number(value.toPrecision(3)))
  return value.toExponential(2)
}

/** A ratio as "2.50×". */
export function formatRatio(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '—' : `${value.toFixed(2)}×`
}

/** A duration in seconds: "4.2s" (tenths below 10 s, where short test runs live), "42s", "3m 05s", "2h 03m". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—'
  if (seconds < 10) return `${Math.max(0, seconds).toFixed(1)}s`
  const s = Math.round(seconds)
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`
}

/** A difference with its sign: "+0.0312", "-0.05", "0". */
export function formatSigned(value: number | null): string {
  if (value === null) return '—'
  return value > 0 ? `+${formatFigure(value)}` : formatFigure(value)
}

/** A p-value with two significant digits ("0.062", "1"), or "< 0.001". */
export function formatPValue(p: number): string {
  if (p < 0.001) return '< 0.001'
  return String(Number(p.toPrecision(2)))
}
