import { VerifierPool } from './src-main/tasks/pool/verifier-pool'
const t0 = performance.now()
const pool = new VerifierPool({ size: 2, timeoutMs: 3000 })
const r = await pool.verifyBatch([{ verifier: 'math', response: '\\boxed{0.5}', reference: '\\frac12' }, { verifier: 'math', response: 'x', reference: '5' }])
console.log(r, (performance.now() - t0).toFixed(0))
const big = '\\boxed{' + Array.from({ length: 20000 }, () => '\\frac{1}{2}').join('+') + '}'
const t1 = performance.now()
const p2 = new VerifierPool({ size: 1, timeoutMs: 5000 })
console.log(await p2.verify({ verifier: 'math', response: big, reference: '7' }), (performance.now() - t1).toFixed(0))
await p2.close()
console.log(await pool.verify({ verifier: 'nope', response: '', reference: '' }).catch((e) => String(e)))
await pool.close()
