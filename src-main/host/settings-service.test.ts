import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { defaultMemoryBudget } from '../engine/runtime/memory-budget'
import { SettingsService } from './settings-service'

const dir = mkdtempSync(join(tmpdir(), 'settings-service-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('SettingsService', () => {
  it('shares the trainers’ memory budget among the runs that may train at once', () => {
    const settings = new SettingsService(join(dir, 'settings.json'))
    expect(settings.trainerMemoryBudget()).toBe(defaultMemoryBudget())
    settings.update({ maxConcurrentRuns: 3 })
    expect(settings.trainerMemoryBudget()).toBe(Math.floor(defaultMemoryBudget() / 3))
    // Read back from the file it wrote: the share follows the stored setting.
    expect(new SettingsService(join(dir, 'settings.json')).trainerMemoryBudget()).toBe(Math.floor(defaultMemoryBudget() / 3))
  })
})
