import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SafetensorsFile } from './safetensors-reader'
import { writeSafetensors, type TensorToWrite } from './safetensors-writer'

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'safetensors-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const f32FromBits = (bits: number[]) => new Float32Array(new Uint32Array(bits).buffer)
const bitsOf = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length))

/** A file with a hand-written header (padded to 8 bytes) followed by `dataBytes` bytes. */
async function handMade(name: string, header: unknown, dataBytes: number): Promise<string> {
  const path = join(dir, name)
  const json = new TextEncoder().encode(JSON.stringify(header))
  const bytes = new Uint8Array(8 + json.length + dataBytes)
  new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true)
  bytes.set(json, 8)
  await writeFile(path, bytes)
  return path
}

async function withFile<T>(path: string, use: (f: SafetensorsFile) => Promise<T>): Promise<T> {
  const f = await SafetensorsFile.open(path)
  try {
    return await use(f)
  } finally {
    await f.close()
  }
}

describe('safetensors round trip', () => {
  // NaNs with payloads (quiet and signalling, both signs), ±0, ±inf, the smallest and largest subnormals,
  // the largest finite value: a copy through JS numbers would change some of these bits.
  const specialBits = [0x7fc00001, 0xffc12345, 0x7f800001, 0x80000000, 0x00000000, 0x7f800000, 0xff800000, 0x00000001, 0x807fffff, 0x7f7fffff, 0x3eaaaaab]
  const tensors: TensorToWrite[] = [
    { name: 'special', dtype: 'F32', shape: [specialBits.length], data: f32FromBits(specialBits) },
    { name: 'matrix', dtype: 'F32', shape: [2, 3], data: new Float32Array([1, -2, 3.5, 1e-30, -1e30, Math.PI]) },
    { name: 'half', dtype: 'F16', shape: [3], data: new Uint16Array([0x3c00, 0x7e01, 0x8001]) },
    { name: 'brain', dtype: 'BF16', shape: [2], data: new Uint16Array([0x3f80, 0xffc1]) },
    { name: 'long', dtype: 'I64', shape: [3], data: new BigInt64Array([-(2n ** 63n), 2n ** 53n + 1n, 7n]) },
    { name: 'int', dtype: 'I32', shape: [2], data: new Int32Array([-2147483648, 2147483647]) },
    { name: 'bytes', dtype: 'U8', shape: [5], data: new Uint8Array([0, 1, 127, 128, 255]) },
    { name: 'scalar', dtype: 'F32', shape: [], data: new Float32Array([42]) },
    { name: 'empty', dtype: 'F32', shape: [0, 4], data: new Float32Array(0) },
  ]
  const metadata = { format: 'pt', step: '12' }
  let path = ''
  beforeAll(async () => {
    path = join(dir, 'round-trip.safetensors')
    await writeSafetensors(path, tensors, metadata)
  })

  it('reads back every tensor bit for bit, with its dtype, shape and the metadata', async () => {
    await withFile(path, async (f) => {
      expect(f.metadata).toEqual(metadata)
      expect([...f.tensors.keys()]).toEqual(tensors.map((t) => t.name))
      for (const t of tensors) {
        expect(f.info(t.name)).toMatchObject({ dtype: t.dtype, shape: t.shape })
        const raw = await f.readRaw(t.name)
        expect(raw.constructor).toBe(t.data.constructor)
        expect(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).equals(Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength)), t.name).toBe(true)
      }
      expect(bitsOf(await f.readF32('special'))).toEqual(specialBits)
    })
  })

  it('pads the header with spaces so the data starts at a multiple of 8', async () => {
    const bytes = await readFile(path)
    const headerLength = Number(bytes.readBigUInt64LE(0))
    expect(headerLength % 8).toBe(0)
    const header = bytes.subarray(8, 8 + headerLength).toString('utf8')
    expect(header.startsWith('{')).toBe(true)
    expect(header.trimEnd().endsWith('}')).toBe(true)
    expect(JSON.parse(header).matrix).toEqual({ dtype: 'F32', shape: [2, 3], data_offsets: [44, 68] })
    expect(bytes.length).toBe(8 + headerLength + 44 + 24 + 6 + 4 + 24 + 8 + 5 + 4)
  })

  it('refuses mismatched data at write time, naming the tensor', async () => {
    const p = join(dir, 'bad.safetensors')
    await expect(writeSafetensors(p, [{ name: 'w', dtype: 'F32', shape: [2, 2], data: new Float32Array(3) }])).rejects.toThrow(`${p}: tensor "w": 3 values for shape [2, 2] (4)`)
    const wrongType = { name: 'w', dtype: 'F16', shape: [1], data: new Float32Array(1) } as unknown as TensorToWrite
    await expect(writeSafetensors(p, [wrongType])).rejects.toThrow('tensor "w": F16 data must be a Uint16Array, got Float32Array')
    const twice: TensorToWrite = { name: 'w', dtype: 'U8', shape: [1], data: new Uint8Array(1) }
    await expect(writeSafetensors(p, [twice, twice])).rejects.toThrow(`${p}: tensor "w" is listed twice`)
  })
})

describe('safetensors half precision', () => {
  it('widens F16 exactly (normals, subnormals, ±0, ±inf, NaNs)', async () => {
    const bits = [0x3c00, 0xc000, 0x7bff, 0x3555, 0x0400, 0x03ff, 0x0001, 0x8000, 0x7c00, 0xfc00, 0x7e01, 0xfc01]
    const p = join(dir, 'f16.safetensors')
    await writeSafetensors(p, [{ name: 'h', dtype: 'F16', shape: [bits.length], data: new Uint16Array(bits) }])
    const values = await withFile(p, (f) => f.readF32('h'))
    expect(Array.from(values.slice(0, 10))).toEqual([1, -2, 65504, 0.333251953125, 2 ** -14, 1023 * 2 ** -24, 2 ** -24, -0, Infinity, -Infinity])
    expect(Object.is(values[7], -0)).toBe(true)
    // NaN payloads move up 13 bits; a signalling NaN comes out quiet, as PyTorch's conversion gives it.
    expect(bitsOf(values).slice(10)).toEqual([0x7fc02000, 0xffc02000])
  })

  it('widens BF16 exactly (the top half of a float32)', async () => {
    const bits = [0x3f80, 0xc049, 0x4780, 0x0001, 0x8000, 0x7f80, 0x7fc1, 0xff81]
    const p = join(dir, 'bf16.safetensors')
    await writeSafetensors(p, [{ name: 'b', dtype: 'BF16', shape: [bits.length], data: new Uint16Array(bits) }])
    const values = await withFile(p, (f) => f.readF32('b'))
    expect(Array.from(values.slice(0, 6))).toEqual([1, -3.140625, 65536, 2 ** -133, -0, Infinity])
    expect(bitsOf(values).slice(6)).toEqual([0x7fc10000, 0xff810000])
  })

  it('refuses to read an integer tensor as float32', async () => {
    const p = join(dir, 'ints.safetensors')
    await writeSafetensors(p, [{ name: 'ids', dtype: 'I64', shape: [1], data: new BigInt64Array([1n]) }])
    await expect(withFile(p, (f) => f.readF32('ids'))).rejects.toThrow(`${p}: tensor "ids" is I64, not a floating-point tensor`)
    await expect(withFile(p, (f) => f.readRaw('nope'))).rejects.toThrow(`${p}: no tensor "nope"`)
  })
})

describe('safetensors header errors name the file and the tensor', () => {
  const f32 = (begin: number, end: number, shape = [(end - begin) / 4]) => ({ dtype: 'F32', shape, data_offsets: [begin, end] })

  it('a file too short for the header length', async () => {
    const p = join(dir, 'short.safetensors')
    await writeFile(p, new Uint8Array(5))
    await expect(SafetensorsFile.open(p)).rejects.toThrow(`${p}: 5 bytes is too short for a safetensors file`)
  })

  it('a header length beyond the file', async () => {
    const p = join(dir, 'long-header.safetensors')
    const bytes = new Uint8Array(16)
    new DataView(bytes.buffer).setBigUint64(0, 1000n, true)
    await writeFile(p, bytes)
    await expect(SafetensorsFile.open(p)).rejects.toThrow(`${p}: header length 1000 runs past the end of the file (16 bytes; truncated?)`)
    new DataView(bytes.buffer).setBigUint64(0, 2n ** 62n, true)
    await writeFile(p, bytes)
    await expect(SafetensorsFile.open(p)).rejects.toThrow('exceeds the 100000000-byte limit')
  })

  it('a truncated data section', async () => {
    const p = await handMade('truncated.safetensors', { a: f32(0, 8), b: f32(8, 16) }, 12)
    await expect(SafetensorsFile.open(p)).rejects.toThrow(`${p}: tensor "b": data_offsets [8, 16] run past the end of the data (12 bytes; is the file truncated?)`)
  })

  it('overlapping offsets', async () => {
    const p = await handMade('overlap.safetensors', { a: f32(0, 16), e: f32(4, 4, [0]), b: f32(8, 12) }, 16)
    await expect(SafetensorsFile.open(p)).rejects.toThrow(`${p}: tensor "b" bytes [8, 12) overlap tensor "a" [0, 16)`)
  })

  it('offsets that do not match the dtype and shape, or are malformed', async () => {
    const p1 = await handMade('size.safetensors', { w: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 12] } }, 16)
    await expect(SafetensorsFile.open(p1)).rejects.toThrow(`${p1}: tensor "w": data_offsets [0, 12] hold 12 bytes but F32 [2, 2] needs 16`)
    const p2 = await handMade('reversed.safetensors', { w: { dtype: 'F32', shape: [1], data_offsets: [8, 4] } }, 16)
    await expect(SafetensorsFile.open(p2)).rejects.toThrow(`${p2}: tensor "w": data_offsets [8, 4] end before they begin`)
    const p3 = await handMade('offsets.safetensors', { w: { dtype: 'F32', shape: [1], data_offsets: [0] } }, 4)
    await expect(SafetensorsFile.open(p3)).rejects.toThrow(`${p3}: tensor "w": data_offsets must be [begin, end]`)
    const p4 = await handMade('shape.safetensors', { w: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, 4)
    await expect(SafetensorsFile.open(p4)).rejects.toThrow(`${p4}: tensor "w": shape must be a list of non-negative integers`)
  })

  it('an unknown dtype', async () => {
    const p = await handMade('dtype.safetensors', { w: { dtype: 'F8_E4M3', shape: [4], data_offsets: [0, 4] } }, 4)
    await expect(SafetensorsFile.open(p)).rejects.toThrow(`${p}: tensor "w": unsupported dtype "F8_E4M3" (supported: F32, F16, BF16, I64, I32, U8)`)
  })

  it('a header that is not JSON, and metadata that is not strings', async () => {
    const p = join(dir, 'garbage.safetensors')
    const bytes = new Uint8Array(8 + 8).fill(0x41)
    new DataView(bytes.buffer).setBigUint64(0, 8n, true)
    await writeFile(p, bytes)
    await expect(SafetensorsFile.open(p)).rejects.toThrow(`${p}: the safetensors header is not valid JSON`)
    const m = await handMade('meta.safetensors', { __metadata__: { step: 3 } }, 0)
    await expect(SafetensorsFile.open(m)).rejects.toThrow(`${m}: __metadata__ "step" must be a string, got 3`)
  })
})
