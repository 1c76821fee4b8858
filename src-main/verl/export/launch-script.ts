// A launch plan as the bash script an export ships (run_<algorithm>[_seed<N>].sh): the settings table as a comment,
// the settings that do not map and why, the environment it reads (VERL_DIR: a verl checkout with the recipe
// submodule; MODEL_PATH; N_GPUS; NNODES; OUT_DIR), and the launch itself. It runs the same way by hand on a cluster
// node and as a Ray job (whose working_dir is the export folder): paths are the script's own folder's.
import { RECIPE_COMMIT, VERL_COMMIT } from '../sources'
import type { LaunchPlan } from './hydra-overrides'

export interface ScriptContext {
  runName: string
  /** What the model defaults to: a path under $EXPORT_DIR, a path or id given at export, or nothing (must be set). */
  defaultModel: string | null
  /** Folder name of this script's outputs under $EXPORT_DIR/outputs. */
  outputName: string
  exportedBy: string
}

/** A value inside a double-quoted shell word: $VARIABLES the plan names expand, anything else is literal. */
function shellQuoted(value: string): string {
  return value.replace(/["\\`]/g, '\\$&').replace(/\$(?!(EXPORT_DIR|OUT_DIR|MODEL_PATH|N_GPUS|NNODES)\b)/g, '\\$')
}

function commentLines(text: string, width = 110): string[] {
  const words = text.split(/\s+/)
  const lines: string[] = []
  let line = ''
  for (const word of words) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line)
      line = ''
    }
    line = line ? `${line} ${word}` : word
  }
  if (line) lines.push(line)
  return lines
}

export function launchScript(plan: LaunchPlan, context: ScriptContext): string {
  const keyWidth = Math.max(...plan.overrides.map((o) => o.key.length))
  const modelLine = context.defaultModel === null
    ? ': "${MODEL_PATH:?set MODEL_PATH to the Hugging Face model folder or id to start from}"'
    : `MODEL_PATH="\${MODEL_PATH:-${shellQuoted(context.defaultModel)}}"`
  return [
    '#!/usr/bin/env bash',
    `# ${context.runName} — exported by ${context.exportedBy}.`,
    `# Launches verl (verl-project/verl @ ${VERL_COMMIT.slice(0, 7)}${plan.entryPoint.startsWith('recipe.') ? `, verl-recipe prime/ @ ${RECIPE_COMMIT.slice(0, 7)}` : ''}).`,
    '# Environment: VERL_DIR  a verl checkout with its recipe/ submodule (default ~/verl)',
    '#              MODEL_PATH  the model to start from; N_GPUS (8), NNODES (1); OUT_DIR (outputs/<this run>)',
    '# Metrics go to $OUT_DIR/metrics.jsonl (the file logger), rollouts to $OUT_DIR/rollouts, the Hydra config to',
    '# $OUT_DIR/.hydra: import $OUT_DIR into the workbench (prime-workbench import-verl, or Runs → Import verl run).',
    '#',
    '# Workbench setting → verl override:',
    ...plan.overrides.map((o) => `#   ${o.key.padEnd(keyWidth)}  ← ${o.from}`),
    '#',
    '# Settings that do not map to verl:',
    ...plan.unmapped.flatMap((u) => commentLines(`${u.setting}: ${u.why}`).map((line, i) => `#   ${i === 0 ? '' : '  '}${line}`)),
    'set -euo pipefail',
    'EXPORT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"',
    'VERL_DIR="${VERL_DIR:-$HOME/verl}"',
    modelLine,
    'N_GPUS="${N_GPUS:-8}"',
    'NNODES="${NNODES:-1}"',
    `OUT_DIR="\${OUT_DIR:-$EXPORT_DIR/outputs/${context.outputName}}"`,
    'mkdir -p "$OUT_DIR"',
    'export VERL_FILE_LOGGER_PATH="$OUT_DIR/metrics.jsonl"',
    'cd "$VERL_DIR"',
    `python3 -m ${plan.entryPoint} \\`,
    ...plan.overrides.map((o) => `    "${o.key}=${shellQuoted(o.value)}" \\`),
    '    "$@"',
    '',
  ].join('\n')
}
