import { sourceOfToken } from './contributor-token.ts';
import { ReleasedSpan } from './revealing-combinations.ts';

/** A set's key from its tokens' indices: equal for two sets of the same distinct tokens, in any order. */
const keyOf = (indices: readonly number[]) => Float64Array.from(new Set(indices)).sort().join(',');

/**
 * The contributor sets one metric released before (each distinct set once or more), read once per
 * release instead of once per run of the rules: which token sets were released, and the linear
 * audit's span of their values at each k asked for, reduced once and then extended with each set
 * the release adds (`add`). Each audit works on its own fork of that span (`spanAt`), so what it
 * admits tentatively never reaches the next. Built again from the stored sets for every release:
 * nothing outlives one, so a long-lived worker decides as a fresh run does.
 */
export class ReleasedHistory {
  private readonly keys = new Set<string>();
  private readonly tokenIndex = new Map<string, number>();
  /** Each set as the audit sees it: the index of whose value every token enters with (a donor's lent value twice). */
  private readonly valueSets: number[][] = [];
  private readonly sourceIndex = new Map<string, number>();
  private readonly spans = new Map<number, ReleasedSpan>();

  constructor(sets: Iterable<readonly string[]>) {
    for (const set of sets) this.add(set);
  }

  /** Records a set as released (from now on part of every span). */
  add(contributors: readonly string[]): void {
    const indices = contributors.map((token) => this.tokenIndex.get(token) ?? this.tokenIndex.set(token, this.tokenIndex.size).get(token)!);
    this.keys.add(keyOf(indices));
    const values = [...new Set(contributors)].map((token) => this.indexOfSource(sourceOfToken(token)));
    this.valueSets.push(values);
    for (const span of this.spans.values()) span.release(values);
  }

  /** Whether exactly these distinct tokens were released as a set. */
  has(contributors: readonly string[]): boolean {
    const indices: number[] = [];
    for (const token of contributors) {
      const index = this.tokenIndex.get(token);
      // A token in no released set: neither is this set.
      if (index === undefined) return false;
      indices.push(index);
    }
    return this.keys.has(keyOf(indices));
  }

  /** The audit's column index of the person `source` (whose value a token enters with), the same in every span of this history. */
  indexOfSource(source: string): number {
    return this.sourceIndex.get(source) ?? this.sourceIndex.set(source, this.sourceIndex.size).get(source)!;
  }

  /** A span of every released set for an audit at `k`, the caller's to extend (see ReleasedSpan.fork). */
  spanAt(k: number): ReleasedSpan {
    let span = this.spans.get(k);
    if (!span) {
      span = new ReleasedSpan(k);
      for (const values of this.valueSets) span.release(values);
      this.spans.set(k, span);
    }
    return span.fork();
  }
}
