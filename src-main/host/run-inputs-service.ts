// The host's view of what a run config resolves to before any trainer starts (../rl/loop/run-inputs.ts, the code
// the trainer itself uses): runs.preview shows the first prompt, and runs.create / runs.launch refuse a config whose
// dataset, checkpoint or prompt format cannot work, naming the setting. Model specs are cached (a large tokenizer
// takes a second or two to load) and re-read when the checkpoint's files change; so are the splits of the datasets
// last previewed (a dataset never changes once imported; its id is never reused).
import { statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { DatasetTask, RlConfig, RlModel } from '../../src-preload/contract/rl-config'
import type { RunPreview } from '../../src-preload/contract/schemas'
import { readDatasetSplits, type DatasetSplits } from '../rl/loop/dataset-source'
import { openModelSpec, type ModelSpec } from '../rl/loop/model-spec'
import { previewRun } from '../rl/loop/run-inputs'
import { SettingError } from '../rl/loop/setting-error'
import { RequestError } from './request-error'

/** Model specs kept (each holds a tokenizer: a few to tens of MB), and dataset splits kept. */
const CACHED_SPECS = 4
const CACHED_SPLITS = 2

function stampOf(model: RlModel): string {
  if (model.kind === 'preset') return model.preset
  const dir = resolve(model.path)
  const times = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'generation_config.json', 'model.safetensors', 'model.safetensors.index.json'].map((file) => {
    try {
      return statSync(join(dir, file)).mtimeMs
    } catch {
      return 0
    }
  })
  return `${dir}:${times.join(',')}`
}

export class RunInputsService {
  private readonly specs = new Map<string, Promise<ModelSpec>>()
  private readonly splits = new Map<string, Promise<DatasetSplits>>()

  constructor(private readonly datasetsDir: string) {}

  /** The first training prompt and what it comes from; a SettingError becomes a RequestError on `${field}.<setting>`. */
  async preview(config: RlConfig, field = 'request.config'): Promise<RunPreview> {
    try {
      return await previewRun(config, this.datasetsDir, { openModel: (model) => this.modelSpec(model), readSplits: (dir, task) => this.datasetSplits(dir, task) })
    } catch (error) {
      if (error instanceof SettingError) throw new RequestError(error.message, `${field}.${error.setting}`)
      throw error
    }
  }

  private modelSpec(model: RlModel): Promise<ModelSpec> {
    return cached(this.specs, stampOf(model), CACHED_SPECS, () => openModelSpec(model))
  }

  /** A deleted dataset is looked for again (and found missing): only a folder that still exists is cached. */
  private datasetSplits(dir: string, task: DatasetTask): Promise<DatasetSplits> {
    const meta = join(dir, task.dataset, 'meta.json')
    let stamp = 0
    try {
      stamp = statSync(meta).mtimeMs
    } catch {
      return readDatasetSplits(dir, task)
    }
    return cached(this.splits, `${task.dataset}:${stamp}:${task.trainSplit}:${task.validationSplit}`, CACHED_SPLITS, () => readDatasetSplits(dir, task))
  }
}

/** The entry for `key`, made on first use; failures are not kept; the oldest entries beyond `size` are dropped. */
function cached<T>(map: Map<string, Promise<T>>, key: string, size: number, make: () => Promise<T>): Promise<T> {
  let value = map.get(key)
  if (!value) {
    value = make()
    map.set(key, value)
    value.catch(() => map.delete(key))
    if (map.size > size) map.delete(map.keys().next().value as string)
  }
  return value
}
