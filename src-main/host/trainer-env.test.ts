import { describe, expect, it } from 'vitest'
import { trainerEnv } from './trainer-env'

describe('trainerEnv', () => {
  it('asks glibc for huge pages, keeping the rest of the environment', () => {
    expect(trainerEnv({ PATH: '/bin' })).toEqual({ PATH: '/bin', GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' })
  })

  it('adds to tunables the user set', () => {
    expect(trainerEnv({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }).GLIBC_TUNABLES).toBe('glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1')
  })

  it("keeps the user's own choice for huge pages", () => {
    expect(trainerEnv({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' }).GLIBC_TUNABLES).toBe('glibc.malloc.hugetlb=0')
  })
})
