// Which program the code verifier runs: the last fenced Python block, CommonMark fences, <think> dropped.

import { describe, expect, it } from 'vitest'
import { extractPythonCode } from './extract-code'

describe('extractPythonCode', () => {
  it('takes the last Python-tagged block', () => {
    const r = 'First try:\n```python\nprint(1)\n```\nBetter:\n```py\nprint(2)\n```\nOutput:\n```\n2\n```\n'
    expect(extractPythonCode(r)).toBe('print(2)')
  })
  it('falls back to the last untagged block only when no block is tagged Python', () => {
    expect(extractPythonCode('```\nx = 1\n```\n```\nprint(x)\n```')).toBe('print(x)')
    expect(extractPythonCode('```cpp\nint main(){}\n```')).toBeNull()
  })
  it('returns null when there is no fence (prose is never executed)', () => {
    expect(extractPythonCode('print(1)')).toBeNull()
    expect(extractPythonCode('')).toBeNull()
  })
  it('ignores code inside <think>', () => {
    expect(extractPythonCode('<think>\n```python\nprint("draft")\n```\n</think>\nno code here')).toBeNull()
    expect(extractPythonCode('<THINK>```python\nx\n```</THINK>```python\nfinal()\n```')).toBe('final()')
  })
  it('follows CommonMark: longer and tilde fences, indentation, unclosed fence to the end', () => {
    expect(extractPythonCode('````python\n```\nnot a close\n````')).toBe('```\nnot a close')
    expect(extractPythonCode('~~~ Python3 title\nprint(3)\n~~~')).toBe('print(3)')
    expect(extractPythonCode('  ```python\n  if x:\n      y()\n  ```')).toBe('if x:\n    y()')
    expect(extractPythonCode('```python\ndef f():\n    return 1')).toBe('def f():\n    return 1')
    expect(extractPythonCode('```python\r\nprint(1)\r\n```')).toBe('print(1)')
  })
})
