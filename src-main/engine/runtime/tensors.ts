// Host tensors handed to and returned by ONNX Runtime.
import * as ort from 'onnxruntime-node'
import type { AnyTypedArray } from '../graph/dtype'

export type HostTensor = ort.Tensor
export type Feeds = Record<string, ort.Tensor>

/** Wraps a typed array (zero-copy) as an ORT tensor of the array's element type. */
export function hostTensor(data: AnyTypedArray, dims: readonly number[]): ort.Tensor {
  if (data instanceof Float32Array) return new ort.Tensor('float32', data, dims)
  if (data instanceof Float64Array) return new ort.Tensor('float64', data, dims)
  if (data instanceof BigInt64Array) return new ort.Tensor('int64', data, dims)
  if (data instanceof Int32Array) return new ort.Tensor('int32', data, dims)
  return new ort.Tensor('bool', data, dims)
}

export function scalarTensor(value: number, dtype: 'float32' | 'float64' = 'float32'): ort.Tensor {
  return dtype === 'float32' ? new ort.Tensor('float32', new Float32Array([value]), []) : new ort.Tensor('float64', new Float64Array([value]), [])
}

export function describeFeeds(feeds: Feeds): string {
  return Object.entries(feeds)
    .map(([name, t]) => `${name}: ${t.type}[${t.dims.join(', ')}]`)
    .join(', ')
}
