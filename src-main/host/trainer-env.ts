// The environment a trainer process starts with: the host's, plus glibc's malloc asked to back its large blocks with
// transparent huge pages (GLIBC_TUNABLES glibc.malloc.hugetlb=1: madvise(MADV_HUGEPAGE) on what it maps; glibc 2.35
// and later, ignored by other C libraries and systems). Every new ONNX Runtime session fills its own arena on its first
// run, and on these VMs each fresh 4 KiB page is slow to fault in: with huge pages the iteration that opens a new
// length bucket's programs took about a quarter less CPU (S model, 256-token workload, three alternating pairs with
// src-main/rl/bench/iteration-profile.measure.ts: 12.0-13.5 s against 16.8-18.3 s), with bit-identical results.
// A value the user already gave for that tunable is kept.
const HUGE_PAGES = 'glibc.malloc.hugetlb=1'

export function trainerEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const tunables = base.GLIBC_TUNABLES ?? ''
  if (tunables.includes('glibc.malloc.hugetlb=')) return base
  return { ...base, GLIBC_TUNABLES: tunables ? `${tunables}:${HUGE_PAGES}` : HUGE_PAGES }
}
