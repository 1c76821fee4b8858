// What bench:ui installs in every page before the app starts: observers that keep the page's own timeline — the
// charts' `chart:drawn` marks (src-renderer/src/charts/drawMarks.ts), long tasks (main-thread tasks over 50 ms) and
// long animation frames (frames that took over 50 ms from their first task to their paint) — and a frame clock
// (requestAnimationFrame timestamps) that runs only while an interaction is being measured.
import type { Page } from 'playwright-core'

export interface DrawnMark {
  t: number
  label: string
  lines: number
  lastX: number | null
  lastN: number | null
}

export interface Span {
  t: number
  duration: number
}

export interface ProbeRecord {
  marks: DrawnMark[]
  longTasks: Span[]
  longFrames: Span[]
  frames: number[]
}

interface Probe extends ProbeRecord {
  recording: boolean
  startFrames(): void
}

declare global {
  interface Window {
    __bench: Probe
  }
}

function install(): void {
  const record: Probe = {
    marks: [],
    longTasks: [],
    longFrames: [],
    frames: [],
    recording: false,
    startFrames() {
      record.frames = []
      record.recording = true
      requestAnimationFrame(tick)
    },
  }
  const tick = (time: number) => {
    if (!record.recording) return
    record.frames.push(time)
    requestAnimationFrame(tick)
  }
  window.__bench = record
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const detail = (entry as PerformanceMark).detail as Omit<DrawnMark, 't'> | null
      if (entry.name === 'chart:drawn' && detail) record.marks.push({ t: entry.startTime, ...detail })
    }
  }).observe({ type: 'mark' })
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) record.longTasks.push({ t: entry.startTime, duration: entry.duration })
  }).observe({ type: 'longtask' })
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) record.longFrames.push({ t: entry.startTime, duration: entry.duration })
  }).observe({ type: 'long-animation-frame' })
}

export async function installProbe(page: Page): Promise<void> {
  // tsx (esbuild) names functions with a `__name` helper that the page does not have: give it one first.
  await page.addInitScript({ content: 'globalThis.__name ??= (fn) => fn' })
  await page.addInitScript(install)
}

/** Starts the frame clock; returns the page's time. */
export async function startFrames(page: Page): Promise<number> {
  return page.evaluate(() => {
    window.__bench.startFrames()
    return performance.now()
  })
}

/** Stops the frame clock; returns the frames' timestamps. */
export async function stopFrames(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    window.__bench.recording = false
    return window.__bench.frames
  })
}

export async function readProbe(page: Page): Promise<ProbeRecord> {
  return page.evaluate(() => ({ marks: window.__bench.marks, longTasks: window.__bench.longTasks, longFrames: window.__bench.longFrames, frames: window.__bench.frames }))
}

export async function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now())
}
