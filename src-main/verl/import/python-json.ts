// JSON written by Python. verl's FileLogger writes with orjson (NaN and ±Infinity become null); older versions used
// the json module, whose default writes the bare tokens NaN, Infinity and -Infinity, which JSON.parse rejects. Both
// read here, non-finite numbers as null (they cannot be charted or stored in a metrics row).

const NON_FINITE = /NaN|-?Infinity/y

/** Parses one JSON text, reading Python's NaN/Infinity tokens (outside strings) as null. Throws SyntaxError. */
export function parsePythonJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    if (!/NaN|Infinity/.test(text)) throw error
  }
  return JSON.parse(replaceNonFinite(text))
}

function replaceNonFinite(text: string): string {
  let out = ''
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    if (inString) {
      out += c
      if (c === '\\') out += text[++i] ?? ''
      else if (c === '"') inString = false
      continue
    }
    if (c === '"') {
      inString = true
      out += c
      continue
    }
    NON_FINITE.lastIndex = i
    const match = NON_FINITE.exec(text)
    if (match) {
      out += 'null'
      i += match[0].length - 1
      continue
    }
    out += c
  }
  return out
}
