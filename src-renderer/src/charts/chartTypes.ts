// What a line chart draws, at full resolution: the chart itself reduces it to its pixel width (downsample.ts).

export type Dash = 'solid' | 'dashed' | 'dotted'

export interface ChartLine {
  /** Stable across updates, so the chart updates series in place. */
  id: string
  name: string
  color: string
  dash: Dash
  /** Ascending, as every curve's x is (iterations, samples, wall time): the crosshair's values are found by bisection. */
  xs: ArrayLike<number>
  ys: ArrayLike<number>
  /** Runs averaged into each point, for the values under the crosshair (a group's mean line); absent for a single run. */
  n?: ArrayLike<number>
}

/** A shaded band between two curves sharing one x array (a group's spread over seeds). */
export interface ChartBand {
  id: string
  color: string
  xs: ArrayLike<number>
  lo: ArrayLike<number>
  hi: ArrayLike<number>
}

export const DASHES: Dash[] = ['solid', 'dashed', 'dotted']
