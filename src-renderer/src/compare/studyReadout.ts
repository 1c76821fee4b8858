// What the Compare view's paired-study readout shows, from the picked runs (grouped by seed) and the view's
// smoothing: src-preload/analysis's studyReadout, the very function the report and the CLI's `compare` call, with
// the view's options — so the gates, the per-pair figures, the intervals and the verdict agree everywhere.
import { DEFAULT_STUDY_OPTIONS, studyReadout, type SeedGroup, type StudyReadout, type StudyRun } from '../../../src-preload/analysis'
import { smoothingOf, type CompareSettings } from './settings'

export type StudySettings = Pick<CompareSettings, 'smoothing' | 'smoothingWeight'>

export function compareStudyReadout(groups: readonly SeedGroup<StudyRun>[], settings: StudySettings): StudyReadout {
  return studyReadout(groups, { ...DEFAULT_STUDY_OPTIONS, smoothing: smoothingOf(settings) })
}
