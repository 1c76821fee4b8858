// A message that holds typed arrays as one binary buffer, for the transport that would otherwise write its numbers
// as text (browser mode's answers to BINARY_METHODS, wire.ts): a JSON header in which every Float64Array is
// replaced by a reference, then the arrays' bytes one after another from the first multiple of 8 bytes after the
// header. Little-endian, as every platform the app runs on.
//
//   [u32 header length][header: UTF-8 JSON {"value": …, "lengths": [values of array 0, …]}][padding][arrays…]

const HEADER_AT = 4
const REFERENCE = '$float64'

if (new Uint8Array(new Float64Array([1]).buffer)[7] !== 0x3f) throw new Error('binary messages: a big-endian platform is not supported')

const firstArrayAt = (headerLength: number) => Math.ceil((HEADER_AT + headerLength) / 8) * 8

export function encodeBinaryMessage(value: unknown): ArrayBuffer {
  const arrays: Float64Array[] = []
  const json = JSON.stringify(value, (_key, item: unknown) => {
    if (!(item instanceof Float64Array)) return item
    arrays.push(item)
    return { [REFERENCE]: arrays.length - 1 }
  })
  const header = new TextEncoder().encode(`{"value":${json},"lengths":${JSON.stringify(arrays.map((a) => a.length))}}`)
  const start = firstArrayAt(header.length)
  const buffer = new ArrayBuffer(start + arrays.reduce((n, a) => n + a.byteLength, 0))
  new DataView(buffer).setUint32(0, header.length, true)
  new Uint8Array(buffer, HEADER_AT, header.length).set(header)
  let offset = start
  for (const array of arrays) {
    new Float64Array(buffer, offset, array.length).set(array)
    offset += array.byteLength
  }
  return buffer
}

/** The message, its arrays as views of `buffer` (no copy). Throws on a buffer that is not a binary message. */
export function decodeBinaryMessage(buffer: ArrayBuffer): unknown {
  const fail = (why: string): never => {
    throw new RangeError(`binary message of ${buffer.byteLength} bytes: ${why}`)
  }
  if (buffer.byteLength < HEADER_AT) fail('no header')
  const length = new DataView(buffer).getUint32(0, true)
  if (HEADER_AT + length > buffer.byteLength) fail(`a header of ${length} bytes does not fit`)
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, HEADER_AT, length))) as { value?: unknown; lengths?: unknown }
  if (!Array.isArray(header.lengths) || !header.lengths.every((n) => Number.isInteger(n) && n >= 0)) fail('the header does not list the arrays’ lengths')
  let offset = firstArrayAt(length)
  const arrays = (header.lengths as number[]).map((count, i) => {
    if (offset + 8 * count > buffer.byteLength) fail(`array ${i} (${count} values at byte ${offset}) runs past the end`)
    const array = new Float64Array(buffer, offset, count)
    offset += 8 * count
    return array
  })
  const revive = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(revive)
    if (item === null || typeof item !== 'object') return item
    const reference = (item as Record<string, unknown>)[REFERENCE]
    if (reference !== undefined) return arrays[reference as number] ?? fail(`no array ${JSON.stringify(reference)}`)
    return Object.fromEntries(Object.entries(item).map(([key, child]) => [key, revive(child)]))
  }
  return revive(header.value)
}
