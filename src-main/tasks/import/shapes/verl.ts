// verl's RL dataset schema (the columns its examples/data_preprocess scripts write and RLHFDataset reads):
// data_source, prompt (chat messages), ability, reward_model {style, ground_truth}, extra_info.
import { describeValue } from '../errors'
import { fieldError, getField, isPlainObject, optionalText, readPrompt, requireAnswer, requireText } from '../fields'
import { leftoverFields, toJsonValue } from '../json-value'
import { knownStepLabels } from '../step-labels'
import type { ShapedRow, ShapeReader, ShapeSettings } from './shape'

const CONSUMED = ['data_source', 'prompt', 'ability', 'reward_model', 'id']

export function verlReader(settings: ShapeSettings): ShapeReader {
  return (record, ctx): ShapedRow => {
    const dataSource = requireText(ctx, record, 'data_source')
    const prompt = getField(record, 'prompt')
    if (!prompt.found) throw fieldError(ctx, 'prompt', 'missing')
    const rewardModel = record.reward_model
    if (rewardModel === undefined) throw fieldError(ctx, 'reward_model', 'missing')
    if (!isPlainObject(rewardModel)) throw fieldError(ctx, 'reward_model', `expected an object {style, ground_truth}, got ${describeValue(rewardModel)}`)
    const reference = requireAnswer(ctx, record, 'reward_model.ground_truth')
    const ability = optionalText(ctx, record, 'ability') ?? 'unknown'
    const { stepLabels, consumed } = knownStepLabels(ctx, record)
    const extra = leftoverFields(ctx, record, [...CONSUMED, ...consumed]) ?? {}
    // reward_model's other keys (style: "rule" | "model") stay with the row so a verl export can write them back.
    const { ground_truth: _groundTruth, ...rewardRest } = rewardModel
    if (Object.keys(rewardRest).length > 0) extra.reward_model = toJsonValue(ctx, 'reward_model', rewardRest)
    return {
      sourceId: optionalText(ctx, record, 'id'),
      ...readPrompt(ctx, 'prompt', prompt.value),
      reference,
      verifier: settings.verifier ?? verifierForAbility(ability),
      dataSource,
      ability,
      ...(stepLabels ? { stepLabels } : {}),
      extra: Object.keys(extra).length > 0 ? extra : undefined,
    }
  }
}

/** verl picks a scorer by data_source; the workbench grades by kind of task, which `ability` names. */
function verifierForAbility(ability: string): string {
  const kind = ability.toLowerCase()
  if (kind === 'math') return 'math'
  if (kind === 'code' || kind === 'coding') return 'code'
  return 'exact'
}
