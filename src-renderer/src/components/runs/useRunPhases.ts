// The latest phase text each trainer reported ("SFT warm start 30/150", "training"), from run.progress events.
// The run summary carries step/total/ETA but not the phase, so the runs view keeps it here, once per page.
import { reactive } from 'vue'
import { TrainerRunState } from '../../../../src-preload/contract/schemas'
import { useApi } from '../../composables/useApi'

const phases = reactive(new Map<string, string>())
let started = false

export function useRunPhases(): ReadonlyMap<string, string> {
  if (!started) {
    started = true
    useApi().onEvent((event) => {
      if (event.type === 'run.progress') phases.set(event.runId, event.phase)
      // A stopped run has no current phase; a stale "SFT warm start 30/150" would mislead after a crash.
      if (event.type === 'run.status' && !TrainerRunState.safeParse(event.run.state).success) phases.delete(event.run.id)
    })
  }
  return phases
}
