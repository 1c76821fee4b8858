// Redraws of panels that show a picture already (a smoothing change, a new zoom tile, streamed rows) take turns
// with the charts' drawing instead of running beside it: a redraw is asked of the worker once the charts have
// drawn what they were given, and the answers of every redraw asked meanwhile come back together, once none is
// still being computed. On a machine of two cores the worker computing the next panels took a core from the
// charts drawing the last ones, frame after frame — bench:ui's smoothing sequence had its long frames there (the
// worker busy through every one of them). A panel asks again only once its answer is back, so a batch holds each
// panel at most once and always ends.
import { whenDrawn } from '../charts/frameQueue'

let computing = 0
const held: (() => void)[] = []

/** `ask()`'s answer, asked once the charts have drawn, given once no redraw is still being computed. */
export async function inRedrawBatch<T>(ask: () => Promise<T>): Promise<T> {
  await whenDrawn()
  computing++
  let answer: T
  try {
    answer = await ask()
  } finally {
    computing--
    if (computing === 0) for (const release of held.splice(0)) release()
  }
  if (computing > 0) await new Promise<void>((resolve) => held.push(resolve))
  return answer
}
