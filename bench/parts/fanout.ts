import type { BenchContext } from '../lib/context.js';
import type { Row } from '../lib/report.js';
export async function fanoutPart(_context: BenchContext): Promise<Row[]> {
  return [];
}
