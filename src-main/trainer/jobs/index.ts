// Which job runs a run config. One entry per config kind; adding a run kind means adding a line here.
import type { RunConfig } from '../../../src-preload/contract/schemas'
import type { JobContext } from '../job-context'
import { runEngineSmoke } from './engine-smoke'

export function runJob(config: RunConfig, context: JobContext): Promise<void> {
  switch (config.kind) {
    case 'engine-smoke':
      return runEngineSmoke(config, context)
    case 'rl':
      return Promise.reject(new Error('this build has no RL training loop yet; only engine-smoke runs can train'))
  }
}
