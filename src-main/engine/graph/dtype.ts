// Element types the engine builds graphs with, and how each maps to ONNX's TensorProto.DataType and to JS arrays.

export type DType = 'float32' | 'float64' | 'int64' | 'int32' | 'bool'

export type FloatDType = 'float32' | 'float64'

/** ONNX TensorProto.DataType codes (onnx.proto). */
export const ONNX_DATA_TYPE: Record<DType, number> = {
  float32: 1,
  int32: 6,
  int64: 7,
  bool: 9,
  float64: 11,
}

export function dtypeFromOnnx(code: number): DType {
  for (const [name, value] of Object.entries(ONNX_DATA_TYPE)) if (value === code) return name as DType
  throw new Error(`ONNX data type ${code} is not supported by the engine`)
}

export function isFloat(dtype: DType): dtype is FloatDType {
  return dtype === 'float32' || dtype === 'float64'
}

export type TypedArrayOf<D extends DType> = D extends 'float32'
  ? Float32Array
  : D extends 'float64'
    ? Float64Array
    : D extends 'int64'
      ? BigInt64Array
      : D extends 'int32'
        ? Int32Array
        : Uint8Array

export type AnyTypedArray = Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array

/** Builds the typed array ORT expects for `dtype` from plain numbers (int64 goes through BigInt). */
export function typedArrayFrom(dtype: DType, values: ArrayLike<number>): AnyTypedArray {
  switch (dtype) {
    case 'float32':
      return Float32Array.from(values)
    case 'float64':
      return Float64Array.from(values)
    case 'int32':
      return Int32Array.from(values)
    case 'int64':
      return BigInt64Array.from(Array.from(values, (v) => BigInt(Math.trunc(v))))
    case 'bool':
      return Uint8Array.from(values, (v) => (v ? 1 : 0))
  }
}

export function dtypeOfArray(data: AnyTypedArray): DType {
  if (data instanceof Float32Array) return 'float32'
  if (data instanceof Float64Array) return 'float64'
  if (data instanceof BigInt64Array) return 'int64'
  if (data instanceof Int32Array) return 'int32'
  return 'bool'
}
