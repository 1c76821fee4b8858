// A step heatmap of one iteration's sampled responses as inline SVG: a row per response, a column per reasoning
// step, coloured by the step's credit on a diverging scale symmetric around 0 (blue blame, orange credit; blue–orange
// survives the common colour-vision deficiencies), and steps the task knows to be wrong outlined. Which number a cell
// shows and the colour range are the app's heatmap view's (src-preload/analysis: stepCredit, symmetricExtent,
// creditShade). Each cell's <title> carries its credit and text, which a viewer shows on hover.
import { QUANTITY_DESCRIPTIONS, QUANTITY_NAMES, creditShade, formatCredit, stepCredit, symmetricExtent } from '../../src-preload/analysis'
import type { RolloutRecord } from '../../src-preload/contract/schemas'
import { escapeHtml } from './escape'

const NEGATIVE = [33, 102, 172] as const // #2166ac
const NEUTRAL = [247, 247, 247] as const // #f7f7f7
const POSITIVE = [230, 97, 1] as const // #e66101
const NEUTRAL_HEX = '#f7f7f7'
const WRONG_OUTLINE = '#111111'

const CELL_W = 26
const CELL_H = 16
const LABEL_W = 96
const HEADER_H = 18
const LEGEND_H = 34

export interface HeatmapLimits {
  maxRows?: number
  maxSteps?: number
}

/** A hex colour for `value`: the neutral colour mixed linearly towards its pole by the shared scale's strength. */
export function creditHex(value: number, extent: number): string {
  const { pole, strength } = creditShade(value, extent)
  const to = pole === 'negative' ? NEGATIVE : POSITIVE
  const mix = NEUTRAL.map((n, i) => Math.round(n + ((to[i] as number) - n) * strength))
  return `#${mix.map((c) => c.toString(16).padStart(2, '0')).join('')}`
}

function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text
}

export function stepHeatmapSvg(records: readonly RolloutRecord[], limits: HeatmapLimits = {}): string {
  const rows = records.slice(0, limits.maxRows ?? 16)
  const columns = Math.min(limits.maxSteps ?? 24, Math.max(1, ...rows.map((r) => r.steps.length)))
  const cells = rows.map((record) => record.steps.slice(0, columns).map((step, k) => ({ step, ...stepCredit(record, k) })))
  // The range spans every step of every response of the iteration, as the app's unfiltered view does, so a cell has
  // the same colour in both even where the report draws only the first rows and steps.
  const all = records.flatMap((record) => record.steps.map((_, k) => stepCredit(record, k)))
  const extent = symmetricExtent(all.map((credit) => credit.value))
  const quantities = [...new Set(all.map((credit) => credit.quantity))]
  // Wide enough for the legend's text when there are few steps.
  const width = Math.max(LABEL_W + columns * CELL_W + 8, LABEL_W + 560)
  const height = HEADER_H + rows.length * CELL_H + LEGEND_H + 12 * Math.max(0, quantities.length - 1)
  const parts: string[] = []
  for (let c = 0; c < columns; c++) {
    parts.push(`<text x="${LABEL_W + c * CELL_W + CELL_W / 2}" y="${HEADER_H - 5}" text-anchor="middle" class="hm-axis">${c + 1}</text>`)
  }
  rows.forEach((record, r) => {
    const y = HEADER_H + r * CELL_H
    const outcome = record.acc > 0 ? '✓' : '✗'
    parts.push(`<text x="${LABEL_W - 6}" y="${y + CELL_H - 4}" text-anchor="end" class="hm-axis">${escapeHtml(`#${record.row} g${record.group} ${outcome}`)}</text>`)
    ;(cells[r] ?? []).forEach(({ step, value, quantity }, c) => {
      const x = LABEL_W + c * CELL_W
      const wrong = step.truth === false
      const truth = step.truth === null ? 'truth unknown' : step.truth ? 'correct step' : 'wrong step'
      const title = `response #${record.row}, step ${c + 1}: ${QUANTITY_NAMES[quantity]} ${formatCredit(value)}, ${truth}\n${clip(step.text, 200)}`
      const outline = wrong ? ` stroke="${WRONG_OUTLINE}" stroke-width="2"` : ' stroke="#ffffff" stroke-width="1"'
      // Inset by 1 px so a wrong step's 2 px outline stays inside its cell and does not cover its neighbours.
      parts.push(
        `<rect x="${x + 1}" y="${y + 1}" width="${CELL_W - 2}" height="${CELL_H - 2}" fill="${creditHex(value, extent)}"${outline}><title>${escapeHtml(title)}</title></rect>`,
      )
    })
  })
  const legendY = HEADER_H + rows.length * CELL_H + 10
  const scale = [-1, -0.5, 0, 0.5, 1].map((f) => creditHex(f * extent, extent))
  const swatches = scale.map((fill, i) => `<rect x="${LABEL_W + i * 22}" y="${legendY}" width="20" height="10" fill="${fill}" stroke="#999" stroke-width="0.5"/>`)
  const range = `${formatCredit(-extent)} … ${formatCredit(extent)}`
  const described = quantities.map((q, i) => `<text x="${LABEL_W + scale.length * 22 + 6}" y="${legendY + 9 + 12 * i}" class="hm-axis">${escapeHtml(i === 0 ? `${range}: ${QUANTITY_DESCRIPTIONS[q]}` : QUANTITY_DESCRIPTIONS[q])}</text>`)
  const outlineY = legendY + 14 + 12 * Math.max(0, quantities.length - 1)
  parts.push(
    ...swatches,
    ...described,
    `<rect x="${LABEL_W}" y="${outlineY}" width="20" height="10" fill="${NEUTRAL_HEX}" stroke="${WRONG_OUTLINE}" stroke-width="2"/>`,
    `<text x="${LABEL_W + 26}" y="${outlineY + 9}" class="hm-axis">wrong step (task's ground truth)</text>`,
  )
  const note = records.length > rows.length ? `first ${rows.length} of ${records.length} responses` : `${rows.length} responses`
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + 8}" viewBox="0 0 ${width} ${height + 8}" role="img" aria-label="${escapeHtml(`step heatmap, ${note}`)}">`,
    '<style>.hm-axis{font:10px system-ui,sans-serif;fill:#333}</style>',
    ...parts,
    '</svg>',
  ].join('')
}
