// Reads safetensors files one tensor at a time: open() reads only the header, and each read fetches just that
// tensor's bytes with a positioned read, so importing a large checkpoint never holds more than the tensors
// asked for (no mmap, which Node lacks, and no whole-file buffer).
import { open, type FileHandle } from 'node:fs/promises'
import { endianness } from 'node:os'
import { bf16ToF32, f16ToF32 } from './half-float'
import { DTYPES, MAX_HEADER_BYTES, parseHeader, type RawArray, type TensorInfo } from './safetensors-format'

export class SafetensorsFile {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    /** Where the data section starts (8 + header length). */
    private readonly dataStart: number,
    readonly tensors: ReadonlyMap<string, TensorInfo>,
    readonly metadata: Readonly<Record<string, string>>,
  ) {}

  static async open(path: string): Promise<SafetensorsFile> {
    assertLittleEndianHost()
    const handle = await open(path, 'r')
    try {
      const fileBytes = (await handle.stat()).size
      if (fileBytes < 8) throw new Error(`${path}: ${fileBytes} bytes is too short for a safetensors file (the header length alone takes 8)`)
      const lengthBytes = await readExactly(handle, 0, 8, path)
      const headerBytes = new DataView(lengthBytes.buffer).getBigUint64(0, true)
      if (headerBytes > BigInt(MAX_HEADER_BYTES)) throw new Error(`${path}: header length ${headerBytes} exceeds the ${MAX_HEADER_BYTES}-byte limit (not a safetensors file?)`)
      if (headerBytes > BigInt(fileBytes - 8)) throw new Error(`${path}: header length ${headerBytes} runs past the end of the file (${fileBytes} bytes; truncated?)`)
      const dataStart = 8 + Number(headerBytes)
      const json = new TextDecoder('utf-8', { fatal: true }).decode(await readExactly(handle, 8, Number(headerBytes), path))
      const { tensors, metadata } = parseHeader(json, fileBytes - dataStart, path)
      return new SafetensorsFile(path, handle, dataStart, tensors, metadata)
    } catch (e) {
      await handle.close()
      throw e
    }
  }

  info(name: string): TensorInfo {
    const info = this.tensors.get(name)
    if (!info) throw new Error(`${this.path}: no tensor "${name}"`)
    return info
  }

  /** The stored values in their own dtype (F16/BF16 as their 16-bit patterns). */
  async readRaw(name: string): Promise<RawArray> {
    const info = this.info(name)
    const bytes = await readExactly(this.handle, this.dataStart + info.begin, info.end - info.begin, `${this.path}: tensor "${name}"`)
    const count = (info.end - info.begin) / DTYPES[info.dtype].bytes
    switch (info.dtype) {
      case 'F32':
        return new Float32Array(bytes.buffer, 0, count)
      case 'F16':
      case 'BF16':
        return new Uint16Array(bytes.buffer, 0, count)
      case 'I64':
        return new BigInt64Array(bytes.buffer, 0, count)
      case 'I32':
        return new Int32Array(bytes.buffer, 0, count)
      case 'U8':
        return bytes
    }
  }

  /** A floating-point tensor as float32 (F16 and BF16 widened exactly). */
  async readF32(name: string): Promise<Float32Array> {
    const { dtype } = this.info(name)
    const raw = await this.readRaw(name)
    if (dtype === 'F32') return raw as Float32Array
    if (dtype === 'F16') return f16ToF32(raw as Uint16Array)
    if (dtype === 'BF16') return bf16ToF32(raw as Uint16Array)
    throw new Error(`${this.path}: tensor "${name}" is ${dtype}, not a floating-point tensor`)
  }

  close(): Promise<void> {
    return this.handle.close()
  }
}

/** Reads `length` bytes at `position` into a fresh (so 8-byte aligned) buffer, looping over short reads. */
async function readExactly(handle: FileHandle, position: number, length: number, what: string): Promise<Uint8Array> {
  const out = new Uint8Array(new ArrayBuffer(length))
  let done = 0
  while (done < length) {
    const { bytesRead } = await handle.read(out, done, length - done, position + done)
    if (bytesRead === 0) throw new Error(`${what}: file ended after ${done} of ${length} bytes at offset ${position}`)
    done += bytesRead
  }
  return out
}

/** Typed arrays use the host's byte order; safetensors is little-endian, as are the hosts Node ships for. */
export function assertLittleEndianHost(): void {
  if (endianness() !== 'LE') throw new Error('safetensors I/O needs a little-endian host')
}
