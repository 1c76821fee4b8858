// JSON files of a model directory, with errors that name the file.
import { open, readFile } from 'node:fs/promises'

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

/** Indented like transformers' save_pretrained, so the files diff and read well; synced to disk. */
export async function writeJson(path: string, value: unknown): Promise<void> {
  const handle = await open(path, 'w')
  try {
    await handle.writeFile(JSON.stringify(value, null, 2) + '\n')
    await handle.sync()
  } finally {
    await handle.close()
  }
}
