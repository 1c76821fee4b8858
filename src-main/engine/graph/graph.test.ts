import { describe, expect, it } from 'vitest'
import { onnx } from '../onnx/onnx.generated.js'
import * as ops from '../ops'
import { openGraph } from '../runtime/runtime'
import { hostTensor } from '../runtime/tensors'
import { Graph } from './graph'
import { serializeModel } from './serialize'

describe('graph builder', () => {
  it('infers static and symbolic shapes at build time', () => {
    const g = new Graph('shapes')
    const x = g.input('x', 'float32', ['B', 'T', 8])
    const w = g.input('w', 'float32', [8, 4])
    const y = ops.matmul(x, w)
    expect(y.shape).toEqual(['B', 'T', 4])
    const flat = ops.reshape(y, [-1, 4])
    expect(flat.shape).toEqual(['B*T', 4])
    const back = ops.reshape(flat, ops.shapeOf(y))
    expect(back.shape).toEqual(['B', 'T', 4])
    expect(ops.transpose(y, [2, 0, 1]).shape).toEqual([4, 'B', 'T'])
    expect(ops.reduceSum(y, [1]).shape).toEqual(['B', 4])
    expect(ops.reduceMean(y, [-1], true).shape).toEqual(['B', 'T', 1])
    expect(ops.slice(x, [0], [3], [2]).shape).toEqual(['B', 'T', 3])
    const [a, b] = ops.split(x, [5, 3], 2)
    expect([a!.shape, b!.shape]).toEqual([['B', 'T', 5], ['B', 'T', 3]])
    expect(ops.concat([a!, b!], -1).shape).toEqual(['B', 'T', 8])
    expect(ops.unsqueeze(w, [0]).shape).toEqual([1, 8, 4])
    // A symbol plus a constant gets one canonical name, so tensors grown alike keep equal dims.
    const step = g.input('step', 'float32', ['B', 1, 8])
    expect(ops.concat([x, step], 1).shape).toEqual(['B', 'T_plus_1', 8])
    expect(ops.concat([ops.concat([x, step], 1), step], 1).shape).toEqual(['B', 'T_plus_2', 8])
    // A row index over a symbolic dim keeps the symbol.
    expect(ops.range(ops.gather(ops.shapeOf(x), g.scalar(1, 'int64'))).shape).toEqual(['T'])
  })

  it('fails loudly, naming the op, on incompatible shapes', () => {
    const g = new Graph('bad')
    const x = g.input('x', 'float32', [2, 3])
    const y = g.input('y', 'float32', [4, 3])
    expect(() => ops.add(x, y)).toThrow(/Add .*cannot broadcast/)
    expect(() => ops.matmul(x, y)).toThrow(/MatMul .*inner dimensions differ/)
    expect(() => g.input('x', 'float32', [1])).toThrow(/already used/)
  })

  it('serialises a model that decodes back and runs in onnxruntime-node', async () => {
    const g = new Graph('affine')
    const x = g.input('x', 'float32', ['N', 3])
    const w = g.constant(new Float32Array([1, 2, 3, 4, 5, 6]), [3, 2], 'w')
    const y = ops.relu(ops.add(ops.matmul(x, w), -10))
    g.output(y, 'y')
    g.output(ops.reduceSum(y), 'total')
    const bytes = serializeModel(g)
    const decoded = onnx.ModelProto.decode(bytes)
    expect(decoded.graph?.input?.map((i) => i.name)).toEqual(['x'])
    expect(decoded.graph?.output?.map((o) => o.name)).toEqual(['y', 'total'])
    expect(Number(decoded.opsetImport[0]?.version)).toBeGreaterThanOrEqual(17)

    const program = await openGraph(g)
    const out = await program.run({ x: hostTensor(new Float32Array([1, 1, 1, 2, 0, 1]), [2, 3]) })
    // rows: [1,1,1]@w = [9, 12] -> [0, 2];  [2,0,1]@w = [7, 10] -> [0, 0]
    expect(Array.from(out.y!.data as Float32Array)).toEqual([0, 2, 0, 0])
    expect(out.y!.dims).toEqual([2, 2])
    expect((out.total!.data as Float32Array)[0]).toBe(2)
    await program.release()
  })

  it('runs a Loop subgraph that reads an outer-scope tensor', async () => {
    const g = new Graph('loop')
    const x = g.input('x', 'float32', [2])
    const step = g.input('step', 'float32', [2])
    const { carried, scans } = ops.loop(3, [x], ({ carried: [acc] }) => {
      const next = ops.add(acc!, step)
      return { carried: [next], scans: [next] }
    })
    g.output(carried[0]!, 'final')
    g.output(scans[0]!, 'history')
    expect(scans[0]!.shape).toEqual([3, 2])
    const program = await openGraph(g)
    const out = await program.run({ x: hostTensor(new Float32Array([0, 1]), [2]), step: hostTensor(new Float32Array([1, 10]), [2]) })
    expect(Array.from(out.final!.data as Float32Array)).toEqual([3, 31])
    expect(Array.from(out.history!.data as Float32Array)).toEqual([1, 11, 2, 21, 3, 31])
  })

  it('runs a Loop whose carried value grows from empty and whose body ends it early', async () => {
    const g = new Graph('grow')
    const trips = g.input('trips', 'int64', [])
    const limit = g.input('limit', 'float32', [])
    const { carried, scans } = ops.loop(
      trips,
      [g.constant(new Float32Array(0), [0, 2])],
      ({ iteration, carried: [rows] }) => {
        // Row i is [i, i^2]; stop once the rows' sum exceeds the limit.
        const i = ops.cast(ops.reshape(iteration, [1, 1]), 'float32')
        const grown = ops.concat([rows!, ops.concat([i, ops.mul(i, i)], 1)], 0)
        return { carried: [grown], scans: [ops.reduceSum(grown)], continue: ops.less(ops.reduceSum(grown), limit) }
      },
      { carriedShapes: [['rows', 2]] },
    )
    expect(scans[0]!.shape[0]).toMatch(/trips/) // fewer rows than trips when the body ends the loop
    g.output(carried[0]!, 'rows')
    g.output(scans[0]!, 'sums')
    const program = await openGraph(g)
    const feeds = (n: number, max: number) => ({ trips: hostTensor(BigInt64Array.of(BigInt(n)), []), limit: hostTensor(Float32Array.of(max), []) })
    const early = await program.run(feeds(10, 7))
    expect(Array.from(early.rows!.data as Float32Array)).toEqual([0, 0, 1, 1, 2, 4])
    expect(Array.from(early.sums!.data as Float32Array)).toEqual([0, 2, 8])
    const full = await program.run(feeds(2, 100))
    expect(full.rows!.dims).toEqual([2, 2])
  })
})
