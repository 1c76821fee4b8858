// The host's view of what a run config resolves to before any trainer starts (../rl/loop/run-inputs.ts, the code
// the trainer itself uses): runs.preview shows the first prompt, and runs.create / runs.launch refuse a config whose
// dataset, checkpoint or prompt format cannot work, naming the setting. Model specs are cached (a large tokenizer
// takes a second or two to load) and re-read when the checkpoint's files change.
import { statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { RlConfig, RlModel } from '../../src-preload/contract/rl-config'
import type { RunPreview } from '../../src-preload/contract/schemas'
import { openModelSpec, type ModelSpec } from '../rl/loop/model-spec'
import { previewRun } from '../rl/loop/run-inputs'
import { SettingError } from '../rl/loop/setting-error'
import { RequestError } from './request-error'

/** Model specs kept (each holds a tokenizer: a few to tens of MB). */
const CACHED_SPECS = 4

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

  constructor(private readonly datasetsDir: string) {}

  /** The first training prompt and what it comes from; a SettingError becomes a RequestError on `${field}.<setting>`. */
  async preview(config: RlConfig, field = 'request.config'): Promise<RunPreview> {
    try {
      return await previewRun(config, this.datasetsDir, (model) => this.modelSpec(model))
    } catch (error) {
      if (error instanceof SettingError) throw new RequestError(error.message, `${field}.${error.setting}`)
      throw error
    }
  }

  private modelSpec(model: RlModel): Promise<ModelSpec> {
    const key = stampOf(model)
    let spec = this.specs.get(key)
    if (!spec) {
      spec = openModelSpec(model)
      this.specs.set(key, spec)
      spec.catch(() => this.specs.delete(key))
      if (this.specs.size > CACHED_SPECS) this.specs.delete(this.specs.keys().next().value as string)
    }
    return spec
  }
}
