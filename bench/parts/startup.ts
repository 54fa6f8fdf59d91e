import type { BenchContext } from '../lib/context.js';
import type { Row } from '../lib/report.js';
export async function startupPart(_context: BenchContext): Promise<Row[]> {
  return [];
}
