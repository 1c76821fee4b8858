// What exact resume needs beside the weights: AdamW's moments and step count (optimizer.safetensors) and the
// state of every random stream (rng.json). The moments are the engine's flat buffers, in the order of its
// parameter layout; that order is saved with them and checked on load, because moments applied to the wrong
// parameters would silently corrupt training.
import { join } from 'node:path'
import { readOptionalJson, writeJson } from './json-file'
import { SafetensorsFile } from './safetensors-reader'
import { numel } from './safetensors-format'
import { writeSafetensors } from './safetensors-writer'

export const OPTIMIZER_FILE = 'optimizer.safetensors'
export const RNG_FILE = 'rng.json'
const OPTIMIZER_FORMAT = 'prime-workbench/adamw-v1'
const RNG_FORMAT = 'prime-workbench/rng-v1'

export interface FlatParam {
  name: string
  shape: number[]
}

export interface OptimizerState {
  /** AdamW steps taken so far (the bias corrections depend on it). */
  step: number
  /** First and second moments, flat, in `params` order. */
  m: Float32Array
  v: Float32Array
  /** The flat buffers' layout: parameter names and shapes in order. */
  params: FlatParam[]
}

/** Each named random stream's state words (uint32s), e.g. the engine Rng's four xoshiro128** words. */
export type RngStates = Record<string, number[]>

export async function writeOptimizerState(dir: string, s: OptimizerState): Promise<void> {
  const path = join(dir, OPTIMIZER_FILE)
  if (!Number.isSafeInteger(s.step) || s.step < 0) throw new Error(`${path}: step must be a non-negative integer, got ${s.step}`)
  const size = s.params.reduce((n, p) => n + numel(p.shape), 0)
  for (const [key, buf] of [['m', s.m], ['v', s.v]] as const) {
    if (buf.length !== size) throw new Error(`${path}: ${key} has ${buf.length} values but the parameters hold ${size}`)
  }
  await writeSafetensors(
    path,
    [
      { name: 'm', dtype: 'F32', shape: [size], data: s.m },
      { name: 'v', dtype: 'F32', shape: [size], data: s.v },
    ],
    { format: OPTIMIZER_FORMAT, step: String(s.step), params: JSON.stringify(s.params.map((p) => [p.name, p.shape])) },
  )
}

/** The saved state, or null when the directory has none (a model saved without training state). */
export async function readOptimizerState(dir: string): Promise<OptimizerState | null> {
  const path = join(dir, OPTIMIZER_FILE)
  let file: SafetensorsFile
  try {
    file = await SafetensorsFile.open(path)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw e
  }
  try {
    const { format, step, params } = file.metadata
    if (format !== OPTIMIZER_FORMAT) throw new Error(`${path}: metadata format is ${JSON.stringify(format)}, expected "${OPTIMIZER_FORMAT}"`)
    const stepNumber = Number(step)
    if (!Number.isSafeInteger(stepNumber) || stepNumber < 0) throw new Error(`${path}: metadata step ${JSON.stringify(step)} is not a non-negative integer`)
    const parsedParams = parseParams(params, path)
    const size = parsedParams.reduce((n, p) => n + numel(p.shape), 0)
    const m = await file.readF32('m')
    const v = await file.readF32('v')
    if (m.length !== size || v.length !== size) throw new Error(`${path}: m and v must hold ${size} values (the listed parameters), found ${m.length} and ${v.length}`)
    return { step: stepNumber, m, v, params: parsedParams }
  } finally {
    await file.close()
  }
}

/** Throws unless the saved layout is exactly the current one (same names, shapes and order). */
export function assertSameParams(saved: readonly FlatParam[], current: readonly FlatParam[], source: string): void {
  const key = (ps: readonly FlatParam[]) => ps.map((p) => `${p.name}[${p.shape.join(',')}]`)
  const a = key(saved)
  const b = key(current)
  const i = a.findIndex((x, k) => x !== b[k])
  if (i === -1 && a.length === b.length) return
  const at = i === -1 ? Math.min(a.length, b.length) : i
  throw new Error(`${source}: the saved optimizer state does not fit the current parameters: at position ${at} it has ${a[at] ?? 'nothing'}, the model has ${b[at] ?? 'nothing'}`)
}

export async function writeRngStates(dir: string, streams: RngStates): Promise<void> {
  const path = join(dir, RNG_FILE)
  checkStreams(streams, path)
  await writeJson(path, { format: RNG_FORMAT, streams })
}

export async function readRngStates(dir: string): Promise<RngStates | null> {
  const path = join(dir, RNG_FILE)
  const json = (await readOptionalJson(path)) as { format?: unknown; streams?: unknown } | null
  if (json === null) return null
  if (json.format !== RNG_FORMAT) throw new Error(`${path}: format is ${JSON.stringify(json.format)}, expected "${RNG_FORMAT}"`)
  if (typeof json.streams !== 'object' || json.streams === null || Array.isArray(json.streams)) throw new Error(`${path}: "streams" must be an object`)
  checkStreams(json.streams as RngStates, path)
  return json.streams as RngStates
}

function checkStreams(streams: RngStates, path: string): void {
  for (const [name, words] of Object.entries(streams)) {
    if (!Array.isArray(words) || words.length === 0 || !words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff)) {
      throw new Error(`${path}: stream "${name}" must be a non-empty list of uint32 words, got ${JSON.stringify(words)}`)
    }
  }
}

function parseParams(text: string | undefined, path: string): FlatParam[] {
  let raw: unknown
  try {
    raw = JSON.parse(text ?? '')
  } catch {
    throw new Error(`${path}: metadata "params" is not JSON`)
  }
  const ok = Array.isArray(raw) && raw.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && Array.isArray(p[1]) && p[1].every((d: unknown) => Number.isSafeInteger(d) && (d as number) >= 0))
  if (!ok) throw new Error(`${path}: metadata "params" must be a list of [name, shape]`)
  return (raw as [string, number[]][]).map(([name, shape]) => ({ name, shape }))
}
