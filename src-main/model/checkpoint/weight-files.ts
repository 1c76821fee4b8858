// The weights of a Hugging Face model directory, whether in one model.safetensors or sharded as
// model-0000k-of-0000n.safetensors listed by model.safetensors.index.json ({"weight_map": {tensor: file}}).
// Only headers are read on open; tensors are read one at a time from whichever shard holds them.
import { basename, join } from 'node:path'
import { readOptionalJson } from './json-file'
import { SafetensorsFile } from './safetensors-reader'

export const SINGLE_WEIGHTS_FILE = 'model.safetensors'
export const SHARD_INDEX_FILE = 'model.safetensors.index.json'

export class WeightFiles {
  private constructor(
    private readonly fileOf: ReadonlyMap<string, SafetensorsFile>,
    private readonly files: readonly SafetensorsFile[],
  ) {}

  static async open(dir: string): Promise<WeightFiles> {
    const indexPath = join(dir, SHARD_INDEX_FILE)
    const index = await readOptionalJson(indexPath)
    if (index === null) {
      const file = await openWithHint(join(dir, SINGLE_WEIGHTS_FILE), dir)
      return new WeightFiles(new Map([...file.tensors.keys()].map((name) => [name, file])), [file])
    }
    const weightMap = (index as { weight_map?: unknown }).weight_map
    if (typeof weightMap !== 'object' || weightMap === null || Array.isArray(weightMap)) throw new Error(`${indexPath}: expected a "weight_map" object`)
    const opened = new Map<string, SafetensorsFile>()
    const fileOf = new Map<string, SafetensorsFile>()
    try {
      for (const [tensor, shard] of Object.entries(weightMap as Record<string, unknown>)) {
        // Shards live beside the index; a path elsewhere is a corrupt (or hostile) index.
        if (typeof shard !== 'string' || basename(shard) !== shard || shard === '..') throw new Error(`${indexPath}: weight_map "${tensor}" must name a file in the same directory, got ${JSON.stringify(shard)}`)
        let file = opened.get(shard)
        if (!file) {
          file = await SafetensorsFile.open(join(dir, shard))
          opened.set(shard, file)
        }
        if (!file.tensors.has(tensor)) throw new Error(`${indexPath}: weight_map puts "${tensor}" in ${shard}, which has no such tensor`)
        fileOf.set(tensor, file)
      }
    } catch (e) {
      await Promise.all([...opened.values()].map((f) => f.close()))
      throw e
    }
    return new WeightFiles(fileOf, [...opened.values()])
  }

  /** Every tensor's name and shape, from the headers. */
  shapes(): Map<string, number[]> {
    return new Map([...this.fileOf].map(([name, file]) => [name, file.info(name).shape]))
  }

  readF32(name: string): Promise<Float32Array> {
    const file = this.fileOf.get(name)
    if (!file) throw new Error(`no tensor "${name}" in the model's weight files`)
    return file.readF32(name)
  }

  async close(): Promise<void> {
    await Promise.all(this.files.map((f) => f.close()))
  }
}

async function openWithHint(path: string, dir: string): Promise<SafetensorsFile> {
  try {
    return await SafetensorsFile.open(path)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
    throw new Error(`${dir}: neither ${SINGLE_WEIGHTS_FILE} nor ${SHARD_INDEX_FILE} found (only safetensors weights are read; PyTorch .bin weights can be converted with transformers' save_pretrained(safe_serialization=True))`, { cause: e })
  }
}
