// The heatmap's and the token view's colours: the shared scale (src-preload/analysis/credit-scale.ts, also the
// report's) drawn with the theme's CSS variables (--credit-negative, --credit-neutral, --credit-positive): blue for
// blame, orange for credit, which stays distinguishable under the common colour-vision deficiencies.
import { creditShade } from '../../../../src-preload/analysis'

/** A CSS colour for `value`: the pole mixed into the neutral colour in Oklab (perceptually even steps). */
export function creditColour(value: number, extent: number): string {
  const { pole, strength } = creditShade(value, extent)
  if (pole === 'neutral') return 'var(--credit-neutral)'
  const percent = Math.round(strength * 1000) / 10
  return `color-mix(in oklab, var(--credit-${pole}) ${percent}%, var(--credit-neutral))`
}
