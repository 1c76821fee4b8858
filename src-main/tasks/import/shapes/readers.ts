// The reader of each record shape, by the shape a file was detected (or mapped) to have.
import type { FormatPlan } from '../detect-format'
import { gsm8kReader } from './gsm8k'
import { mappedReader } from './mapped'
import { mathReader } from './math'
import type { ShapeReader, ShapeSettings } from './shape'
import { verlReader } from './verl'

export function shapeReader(plan: FormatPlan, settings: ShapeSettings): ShapeReader {
  switch (plan.shape) {
    case 'verl':
      return verlReader(settings)
    case 'gsm8k':
      return gsm8kReader(settings)
    case 'math':
      return mathReader(settings)
    case 'mapped': {
      const { mapping } = settings
      if (!mapping) throw new TypeError('shapeReader: the mapped shape needs a mapping (checked by importDataset)')
      return mappedReader({ ...settings, mapping })
    }
  }
}
