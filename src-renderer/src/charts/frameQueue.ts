// Spreads chart work over animation frames: queued jobs run in order, as many per frame as fit in a short budget
// (judged by what each took last time: two 30-ms redraws in one frame make a 60-ms frame),
// so recomputing nine panels of 8 × 20,000 points never becomes one long task that freezes input. A job queued
// again before it ran keeps its place and runs once, reading the latest state — so dragging a slider coalesces
// into one recomputation per panel instead of one per pixel.

const FRAME_BUDGET_MS = 12

const queue = new Set<() => void>()
/** What each job took last time it ran: a job that would not fit in what is left of the frame waits for the next. */
const lastCost = new WeakMap<() => void, number>()
let frame = 0
/** Waiting for the queue to empty (whenDrawn). */
const drained: (() => void)[] = []

/** The last frame ran no job because its budget was spent before its animation callbacks. */
let waited = false

function runQueued(frameStart: DOMHighResTimeStamp): void {
  frame = 0
  const started = performance.now()
  // What this frame did before its animation callbacks (an input's handling, a large reply read) is part of it: a
  // frame that spent the budget already runs nothing — unless the last one waited too, so charts always get drawn.
  const before = Math.max(0, started - frameStart)
  let ran = waited || before <= FRAME_BUDGET_MS ? 0 : 1
  waited = ran > 0
  for (const job of queue) {
    const elapsed = performance.now() - started
    if (ran++ > 0 && before + elapsed + (lastCost.get(job) ?? 0) > FRAME_BUDGET_MS) break
    queue.delete(job)
    job()
    lastCost.set(job, performance.now() - started - elapsed)
  }
  if (queue.size) frame = requestAnimationFrame(runQueued)
  else for (const resolve of drained.splice(0)) resolve()
}

/** Resolves once no chart work is queued (at once when none is): background work can wait for it. */
export function whenDrawn(): Promise<void> {
  return queue.size ? new Promise((resolve) => drained.push(resolve)) : Promise.resolve()
}

export function queueInFrames(job: () => void): void {
  queue.add(job)
  if (!frame) frame = requestAnimationFrame(runQueued)
}

export function dropQueued(job: () => void): void {
  queue.delete(job)
  if (!queue.size) for (const resolve of drained.splice(0)) resolve()
}
