import { describe, expect, it } from 'vitest'
import { isTrustedSender } from './trusted-sender'

const rendererUrl = 'file:///opt/prime/out/renderer'
const mainFrame = { url: `${rendererUrl}/index.html#/runs` }
const ours = { mainFrame } as never

describe('isTrustedSender', () => {
  it('accepts the main frame of our window showing our files', () => {
    expect(isTrustedSender({ sender: ours, senderFrame: mainFrame } as never, ours, rendererUrl)).toBe(true)
  })

  it('rejects another window, a subframe, a navigated frame, a look-alike path and a missing window', () => {
    const other = { mainFrame: { url: mainFrame.url } } as never
    expect(isTrustedSender({ sender: other, senderFrame: mainFrame } as never, ours, rendererUrl)).toBe(false)
    expect(isTrustedSender({ sender: ours, senderFrame: { url: mainFrame.url } } as never, ours, rendererUrl)).toBe(false)
    const navigated = { mainFrame: { url: 'https://example.org/' } }
    expect(isTrustedSender({ sender: navigated, senderFrame: navigated.mainFrame } as never, navigated as never, rendererUrl)).toBe(false)
    const lookalike = { mainFrame: { url: 'file:///opt/prime/out/renderer-evil/index.html' } }
    expect(isTrustedSender({ sender: lookalike, senderFrame: lookalike.mainFrame } as never, lookalike as never, rendererUrl)).toBe(false)
    expect(isTrustedSender({ sender: ours, senderFrame: null } as never, ours, rendererUrl)).toBe(false)
    expect(isTrustedSender({ sender: ours, senderFrame: mainFrame } as never, null, rendererUrl)).toBe(false)
  })
})
