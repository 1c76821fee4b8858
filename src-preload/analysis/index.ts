// The numbers the Compare view, the report and the CLI all show, computed once (README.md has the definitions).
// Pure TypeScript: no Node, no DOM, so every side — renderer, main process, CLI — imports this same code.
export { FIRST_ITERATION, MetricColumns, SFT_METRIC_PREFIX, iterationRows } from './metric-columns'
export { axisRange, extractMetric, wallTimeSource, type MetricSeries, type XAxisMode } from './metric-series'
export { DEFAULT_EMA_WEIGHT, DEFAULT_SMOOTHING, describeSmoothing, ema, parseSmoothing, smooth } from './smoothing'
export { runCurve, type RunCurve } from './run-curve'
export { MAX_GRID_POINTS, commonGrid, groupCurve, meanBand, type BandKind, type GroupCurve, type MeanBand, type XYSeries } from './mean-band'
export { downsampleIndices, downsampleMinMax } from './downsample'
export { configDiff, flattenConfig, formatSettingValue, stableStringify, type ConfigDifference } from './config-diff'
export { DEFAULT_GROUPING, LOGGING_ONLY_SETTINGS, describeGrouping, isLoggingOnly, learningKey, parseGrouping, seedGroups, seedOf, type SeedGroup } from './seed-groups'
export { pairBySeed, type SeedPair, type SeedPairing, type Seeded } from './seed-pairs'
export { median, spread, type Spread } from './summary'
export { defaultLevel, finalValue, higherIsBetter, reachOf, smoothedSeries, type ReachPoint, type SmoothedSeries } from './reach'
export {
  DEFAULT_EFFICIENCY_OPTIONS,
  algorithmPairings,
  compareGroups,
  defaultPairing,
  describeEfficiency,
  describeComparison,
  describeRatio,
  describeSpread,
  efficiencyTable,
  ratioFigures,
  reachFigures,
  type EfficiencyOptions,
  type EfficiencyRun,
  type EfficiencyTable,
  type GroupComparison,
  type Pairing,
  type ReachRow,
  type SeedRatio,
} from './efficiency'
export { creditShade, formatCredit, symmetricExtent, type CreditShade } from './credit-scale'
export { QUANTITY_DESCRIPTIONS, QUANTITY_NAMES, stepCredit, type CreditQuantity } from './step-credit'
export { describeLocalisation } from './localisation-figures'
export { TEST_METRIC, VALIDATION_METRIC, formatAccuracy, runFigures, type Accuracy, type RunFigures } from './run-figures'
export { formatDuration, formatFigure, formatPValue, formatRatio, formatSigned } from './format'
export { incompleteBeta, logGamma, studentTCdf, studentTQuantile } from './student-t'
export { binomialHalfCdf, signTest, type SignTest } from './sign-test'
export { DEFAULT_CONFIDENCE, pairedInterval, type PairedInterval } from './paired-interval'
export {
  DEFAULT_STUDY_OPTIONS,
  GOAL_REACH_RATIO,
  studyComparison,
  studyPair,
  studyPairings,
  studyRole,
  type StudyComparison,
  type StudyOptions,
  type StudyPair,
  type StudyPairing,
  type StudyRun,
} from './paired-study'
export { GATE_A, GATE_B, prmRankingGate, surprisalGate, type GateResult, type GateRun } from './gates'
export {
  describeArmAccuracy,
  describeStudy,
  studyReadout,
  type ArmFigures,
  type StudyComparisonFigures,
  type StudyPairFigures,
  type StudyReadout,
} from './study-readout'
export { FIGURE_KINDS, metricFigure, metricFigures, type FigureKind } from './run-figures'
export { sweepCells, sweptSettings, type SweepCell, type SweepRun } from './sweep'
