// Which job runs a run config. One entry per config kind; adding a run kind means adding a line here.
import type { RunConfig } from '../../../src-preload/contract/schemas'
import type { JobContext } from '../job-context'
import { runEngineSmoke } from './engine-smoke'
import { runRl } from './rl'
import { runVerlFollow } from './verl-follow'

export function runJob(config: RunConfig, context: JobContext): Promise<void> {
  switch (config.kind) {
    case 'engine-smoke':
      return runEngineSmoke(config, context)
    case 'rl':
      return runRl(config, context)
    case 'verl':
      return runVerlFollow(config, context)
  }
}
