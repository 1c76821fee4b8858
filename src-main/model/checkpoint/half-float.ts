// 16-bit float patterns to float32, bit for bit what PyTorch's .float() gives (checked with
// crosscheck/crosscheck.ts). Exact: every F16 and BF16 value is representable in float32; NaN payloads move
// into the top of the float32 mantissa.

/** IEEE 754 binary16 (1 sign, 5 exponent, 10 mantissa bits) to float32. */
export function f16ToF32(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length)
  const outBits = new Uint32Array(out.buffer)
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i]!
    const sign = (h & 0x8000) << 16
    const exponent = (h >>> 10) & 0x1f
    const mantissa = h & 0x3ff
    if (exponent === 0x1f) {
      // Infinity, or NaN: hardware conversion (F16C, which PyTorch uses) sets the quiet bit of a signalling NaN.
      outBits[i] = sign | 0x7f800000 | (mantissa << 13) | (mantissa !== 0 ? 0x00400000 : 0)
    } else if (exponent !== 0) {
      outBits[i] = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13)
    } else {
      // Zero or subnormal: mantissa * 2^-24, exact in float32 (a normal number there).
      out[i] = (sign ? -1 : 1) * mantissa * 2 ** -24
    }
  }
  return out
}

/** bfloat16 is the top half of a float32, so widening is a shift (signalling NaNs stay signalling). */
export function bf16ToF32(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length)
  const outBits = new Uint32Array(out.buffer)
  for (let i = 0; i < bits.length; i++) outBits[i] = bits[i]! << 16
  return out
}
