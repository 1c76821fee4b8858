// The safetensors format (the Hugging Face weights format), as the Rust reference library defines it:
//   bytes 0-7   N, the header length, an unsigned 64-bit little-endian integer
//   bytes 8-…   N bytes of UTF-8 JSON: { "<name>": {"dtype", "shape", "data_offsets": [begin, end]}, …,
//               "__metadata__"?: {string: string} }, optionally padded at the end with spaces
//   then        the tensor bytes, little-endian, row-major; data_offsets count from the end of the header.
// This file holds the dtypes and the header's parsing and writing; the reader and writer do the I/O.

export const DTYPES = {
  F32: { bytes: 4 },
  F16: { bytes: 2 },
  BF16: { bytes: 2 },
  I64: { bytes: 8 },
  I32: { bytes: 4 },
  U8: { bytes: 1 },
} as const
export type Dtype = keyof typeof DTYPES

/** The typed array holding each dtype's raw values: F16 and BF16 keep their 16-bit patterns. */
export interface RawArrays {
  F32: Float32Array
  F16: Uint16Array
  BF16: Uint16Array
  I64: BigInt64Array
  I32: Int32Array
  U8: Uint8Array
}
export type RawArray = RawArrays[Dtype]

export interface TensorInfo {
  name: string
  dtype: Dtype
  shape: number[]
  /** Byte range inside the data section (after the header). */
  begin: number
  end: number
}

export interface SafetensorsHeader {
  tensors: Map<string, TensorInfo>
  metadata: Record<string, string>
}

/** The reference library refuses headers over 100 MB; so do we, before allocating anything that large. */
export const MAX_HEADER_BYTES = 100_000_000
const METADATA_KEY = '__metadata__'

export function isDtype(value: unknown): value is Dtype {
  return typeof value === 'string' && Object.hasOwn(DTYPES, value)
}

export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1)
}

/**
 * Parses and checks the header JSON. `dataBytes` is the size of the data section; every tensor must lie
 * inside it, have exactly the bytes its dtype and shape need, and not overlap another tensor.
 */
export function parseHeader(json: string, dataBytes: number, file: string): SafetensorsHeader {
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch (e) {
    throw new Error(`${file}: the safetensors header is not valid JSON: ${(e as Error).message}`, { cause: e })
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${file}: the safetensors header is not a JSON object`)

  const metadata: Record<string, string> = {}
  const tensors = new Map<string, TensorInfo>()
  for (const [name, entry] of Object.entries(raw as Record<string, unknown>)) {
    if (name === METADATA_KEY) {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new Error(`${file}: __metadata__ must be an object of strings`)
      for (const [k, v] of Object.entries(entry)) {
        if (typeof v !== 'string') throw new Error(`${file}: __metadata__ "${k}" must be a string, got ${JSON.stringify(v)}`)
        metadata[k] = v
      }
      continue
    }
    tensors.set(name, parseTensorEntry(name, entry, dataBytes, file))
  }

  // Empty tensors occupy no bytes and cannot overlap anything; among the others, in order of their start,
  // each must start at or after the furthest end seen so far.
  const byBegin = [...tensors.values()].filter((t) => t.end > t.begin).sort((a, b) => a.begin - b.begin)
  let furthest: TensorInfo | undefined
  for (const cur of byBegin) {
    if (furthest && cur.begin < furthest.end) {
      throw new Error(`${file}: tensor "${cur.name}" bytes [${cur.begin}, ${cur.end}) overlap tensor "${furthest.name}" [${furthest.begin}, ${furthest.end})`)
    }
    if (!furthest || cur.end > furthest.end) furthest = cur
  }
  return { tensors, metadata }
}

function parseTensorEntry(name: string, entry: unknown, dataBytes: number, file: string): TensorInfo {
  const where = `${file}: tensor "${name}"`
  if (typeof entry !== 'object' || entry === null) throw new Error(`${where}: header entry must be an object`)
  const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>
  if (!isDtype(dtype)) throw new Error(`${where}: unsupported dtype ${JSON.stringify(dtype)} (supported: ${Object.keys(DTYPES).join(', ')})`)
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new Error(`${where}: shape must be a list of non-negative integers, got ${JSON.stringify(shape)}`)
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
    throw new Error(`${where}: data_offsets must be [begin, end] non-negative integers, got ${JSON.stringify(offsets)}`)
  }
  const [begin, end] = offsets as [number, number]
  if (end < begin) throw new Error(`${where}: data_offsets [${begin}, ${end}] end before they begin`)
  if (end > dataBytes) throw new Error(`${where}: data_offsets [${begin}, ${end}] run past the end of the data (${dataBytes} bytes; is the file truncated?)`)
  const expected = numel(shape as number[]) * DTYPES[dtype].bytes
  if (end - begin !== expected) {
    throw new Error(`${where}: data_offsets [${begin}, ${end}] hold ${end - begin} bytes but ${dtype} [${shape.join(', ')}] needs ${expected}`)
  }
  return { name, dtype, shape: shape as number[], begin, end }
}

/**
 * The header bytes for tensors laid out back to back in the given order, padded with spaces so the data
 * starts at a multiple of 8 bytes (the reference writer does the same, so mapped arrays are aligned).
 */
export function buildHeader(
  tensors: readonly { name: string; dtype: Dtype; shape: readonly number[] }[],
  metadata: Readonly<Record<string, string>> | undefined,
): { header: Uint8Array; infos: TensorInfo[] } {
  const json: Record<string, unknown> = {}
  if (metadata && Object.keys(metadata).length > 0) json[METADATA_KEY] = metadata
  const infos: TensorInfo[] = []
  let offset = 0
  for (const t of tensors) {
    if (t.name === METADATA_KEY) throw new Error(`"${METADATA_KEY}" is reserved and cannot name a tensor`)
    if (Object.hasOwn(json, t.name)) throw new Error(`tensor "${t.name}" is listed twice`)
    const size = numel(t.shape) * DTYPES[t.dtype].bytes
    const info = { name: t.name, dtype: t.dtype, shape: [...t.shape], begin: offset, end: offset + size }
    json[t.name] = { dtype: info.dtype, shape: info.shape, data_offsets: [info.begin, info.end] }
    infos.push(info)
    offset += size
  }
  const body = new TextEncoder().encode(JSON.stringify(json))
  const padded = Math.ceil(body.length / 8) * 8
  const header = new Uint8Array(8 + padded).fill(0x20, 8 + body.length)
  new DataView(header.buffer).setBigUint64(0, BigInt(padded), true)
  header.set(body, 8)
  return { header, infos }
}
