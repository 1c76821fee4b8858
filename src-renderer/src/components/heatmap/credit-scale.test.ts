import { describe, expect, it } from 'vitest'
import { creditColour } from './credit-scale'

describe('credit colours', () => {
  it('mixes the theme’s pole colour into the neutral one', () => {
    expect(creditColour(-0.25, 1)).toBe('color-mix(in oklab, var(--credit-negative) 25%, var(--credit-neutral))')
    expect(creditColour(1, 1)).toBe('color-mix(in oklab, var(--credit-positive) 100%, var(--credit-neutral))')
    expect(creditColour(0, 1)).toBe('var(--credit-neutral)')
  })
})
