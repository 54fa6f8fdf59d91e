/** The label of operations without a name. Not a GraphQL name, so no operation can take it. */
export const ANONYMOUS = '(anonymous)';
/** The label of every name past the bound. */
export const OTHER = '(other)';
/** Longer names are labelled `OTHER`: a name is at most as long as the document allows. */
const MAX_NAME_LENGTH = 100;

/**
 * GraphQL operation names as metric labels. Names come from clients, so each would be a new time
 * series: with an allow-list (`known`, the persisted operations' names) only those names are kept;
 * otherwise the first `max` distinct names seen are, and every later one is `OTHER`. The set never
 * shrinks while the process runs, so a name keeps its series once it has one.
 */
export function createOperationNames(max: number, known?: Iterable<string>) {
  const kept = new Set<string>();
  for (const name of known ?? []) kept.add(name);
  const open = known === undefined;
  return {
    label(name: string | undefined): string {
      if (name === undefined) return ANONYMOUS;
      if (kept.has(name)) return name;
      if (!open || kept.size >= max || name.length > MAX_NAME_LENGTH) return OTHER;
      kept.add(name);
      return name;
    },
    /** Names with a label of their own. */
    get size() {
      return kept.size;
    },
  };
}
