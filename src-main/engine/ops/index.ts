// Every op builder, as one namespace: `import { ops } from '../engine'` then `ops.matmul(a, b)`.
export * from './elementwise'
export * from './matmul'
export * from './reduce'
export * from './shape'
export * from './nn'
export { loop, type LoopBody, type LoopOptions, type LoopResult } from './control'
export type { TensorLike } from './apply'
