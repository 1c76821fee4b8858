// Series colours: a categorical palette (Tableau 10) whose mid-tone colours read on both the light and the dark
// theme's panel background, so a colour keeps meaning the same group when the theme changes.
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac']

export function seriesColor(index: number): string {
  return PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length] as string
}
