/**
 * A batch run's heap kept near what it holds. The JSON formats hold 20-45 MB at a time (the
 * open connections) but retire every connection's state soon after it ends, so the old
 * generation fills with dead state, and V8 sometimes let it reach ~250 MB before a full
 * collection (3 runs in 26 on the 600 MB bench peaked at ~370 MB of RSS instead of ~190 MB).
 * Checked as the file is read: past the budget, one full collection; a budget the live heap
 * itself outgrows is raised to twice the live heap, so a capture that holds more collects
 * only at each doubling, never in a loop.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const DEFAULT_HEAP_BUDGET_BYTES = 128 * 1024 * 1024;

/** V8's full collection, exposed at run time: a new context gets `gc` once the flag is set. */
export function fullCollection(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const usedHeap = (): number => getHeapStatistics().used_heap_size;

/** Returns the check to call now and then (the CLI: every 4 MiB read). */
export function heapBudget(budgetBytes = DEFAULT_HEAP_BUDGET_BYTES, collect = fullCollection(), used = usedHeap): () => void {
  let budget = budgetBytes;
  return () => {
    if (used() < budget) return;
    collect();
    const live = used();
    if (live * 2 > budget) budget = live * 2;
  };
}
