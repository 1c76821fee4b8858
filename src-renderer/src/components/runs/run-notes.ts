// Tags and notes on runs, the researcher's own annotations. They live in the renderer's Dexie store (table
// `notes`, one row per run, a multi-entry index on tags), not in the run folder: they are UI state.

/** "prime, seed 1,  baseline " → ['prime', 'seed 1', 'baseline']: trimmed, lower-cased, unique, in order. */
export function parseTags(text: string): string[] {
  const seen = new Set<string>()
  for (const raw of text.split(',')) {
    const tag = raw.trim().toLowerCase().replace(/\s+/g, ' ')
    if (tag && tag.length <= 40) seen.add(tag)
  }
  return [...seen]
}
