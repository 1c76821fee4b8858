// Central broadcast reduction: a gradient that has the broadcast (output) shape is summed back to the shape of the
// input it belongs to, so no gradient rule has to think about broadcasting.
import type { Tensor } from '../graph/graph'
import { type Shape, dimEquals } from '../graph/shape'
import { reduceSum } from '../ops/reduce'
import { squeeze } from '../ops/shape'

export function unbroadcast(grad: Tensor, target: Shape): Tensor {
  const lead = grad.rank - target.length
  if (lead < 0) return grad
  const axes: number[] = []
  for (let i = 0; i < grad.rank; i++) {
    if (i < lead) axes.push(i)
    else {
      const want = target[i - lead]!
      if (dimEquals(want, 1) && !dimEquals(grad.shape[i]!, 1)) axes.push(i)
    }
  }
  if (axes.length === 0) return grad
  const summed = reduceSum(grad, axes, true)
  return lead > 0 ? squeeze(summed, [...Array(lead).keys()]) : summed
}
