// JSON files of a model directory, with errors that name the file.
import { readFile } from 'node:fs/promises'
import { writeFileAtomic } from '../../storage/atomic-file'

/** The parsed content, or null when the file does not exist. */
export async function readOptionalJson(path: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw e
  }
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new Error(`${path}: not valid JSON: ${(e as Error).message}`, { cause: e })
  }
}

export async function readRequiredJson(path: string, why: string): Promise<unknown> {
  const value = await readOptionalJson(path)
  if (value === null) throw new Error(`${path}: not found (${why})`)
  return value
}

/** Indented like transformers' save_pretrained, so the files diff and read well; replaced atomically, synced. */
export async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n')
}
