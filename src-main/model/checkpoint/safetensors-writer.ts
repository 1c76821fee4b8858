// Writes a safetensors file: the header, then each tensor's bytes straight from its typed array (no copy of
// the whole model into one buffer), into a temporary file that is synced and renamed into place, so a file that
// exists after a crash is complete.
import { writeFileAtomic } from '../../storage/atomic-file'
import { assertLittleEndianHost } from './safetensors-reader'
import { buildHeader, numel, type Dtype, type RawArrays } from './safetensors-format'

export type TensorToWrite = {
  [D in Dtype]: { name: string; dtype: D; shape: readonly number[]; data: RawArrays[D] }
}[Dtype]

const ARRAY_TYPE_OF: { [D in Dtype]: new (n: number) => RawArrays[D] } = {
  F32: Float32Array,
  F16: Uint16Array,
  BF16: Uint16Array,
  I64: BigInt64Array,
  I32: Int32Array,
  U8: Uint8Array,
}

export async function writeSafetensors(path: string, tensors: readonly TensorToWrite[], metadata?: Readonly<Record<string, string>>): Promise<void> {
  assertLittleEndianHost()
  for (const t of tensors) {
    const where = `${path}: tensor "${t.name}"`
    if (!t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new Error(`${where}: bad shape [${t.shape.join(', ')}]`)
    if (!(t.data instanceof ARRAY_TYPE_OF[t.dtype])) throw new Error(`${where}: ${t.dtype} data must be a ${ARRAY_TYPE_OF[t.dtype].name}, got ${t.data.constructor.name}`)
    if (t.data.length !== numel(t.shape)) throw new Error(`${where}: ${t.data.length} values for shape [${t.shape.join(', ')}] (${numel(t.shape)})`)
  }
  let header: Uint8Array
  try {
    header = buildHeader(tensors, metadata).header
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`, { cause: e })
  }
  await writeFileAtomic(path, async (write) => {
    await write(header)
    for (const t of tensors) await write(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength))
  })
}
