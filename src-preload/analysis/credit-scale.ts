// The heatmaps' colour range, the same in the app and the report: a diverging scale symmetric around 0, whose
// half-width is the largest |value| among the cells shown, linear in |value| so equal colour steps mean equal
// credit steps on either side of 0. The colours are each side's own (CSS variables per theme in the app, fixed hex
// in the report's SVG); this file decides which pole and how much of it, and how the scale's numbers are written.

export interface CreditShade {
  pole: 'negative' | 'neutral' | 'positive'
  /** 0 = the neutral colour, 1 = the pole's full colour. */
  strength: number
}

/** The largest |value|, the scale's half-width; 0 when there is nothing but zeros. */
export function symmetricExtent(values: Iterable<number>): number {
  let max = 0
  for (const v of values) {
    if (!Number.isFinite(v)) throw new RangeError(`credit scale: value ${v} is not a finite number`)
    max = Math.max(max, Math.abs(v))
  }
  return max
}

/** Linear in |value| / extent, clamped. */
export function creditShade(value: number, extent: number): CreditShade {
  if (!Number.isFinite(value)) throw new RangeError(`credit scale: value ${value} is not a finite number`)
  if (!(extent >= 0) || !Number.isFinite(extent)) throw new RangeError(`credit scale: extent ${extent} must be a finite number >= 0`)
  if (value === 0 || extent === 0) return { pole: 'neutral', strength: 0 }
  return { pole: value < 0 ? 'negative' : 'positive', strength: Math.min(1, Math.abs(value) / extent) }
}

/** Short signed number for cells, legends and tooltips (3 significant digits, exponent for tiny values). */
export function formatCredit(value: number): string {
  if (value === 0) return '0'
  const abs = Math.abs(value)
  const text = abs >= 1e-3 && abs < 1e4 ? trimZeros(value.toPrecision(3)) : value.toExponential(2)
  return value > 0 ? `+${text}` : text.replace('-', '−')
}

/** "0.500" -> "0.5", "2.00" -> "2"; integers ("100") keep their zeros. */
function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text
}
