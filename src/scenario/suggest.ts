/** "Did you mean …?" for misspelt keys, voices and turn kinds. */

/** camelCase → snake_case, lower case: `timeoutMs` and `Timeout_MS` both become `timeout_ms`. */
function normalize(word: string): string {
  return word.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Edit distance counting an adjacent swap as one edit (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[rows - 1][cols - 1];
}

/**
 * The known word the user most likely meant, or undefined when nothing is close. Close means a
 * small edit distance (about one edit per three characters), or the word is a known key without
 * its unit suffix (`timeout` → `timeout_ms`).
 */
export function nearest(word: string, known: readonly string[]): string | undefined {
  const wanted = normalize(word);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(wanted, normalize(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined && bestDistance <= Math.max(1, Math.floor(wanted.length / 3))) return best;
  return known.find((candidate) => wanted.length >= 3 && candidate.startsWith(`${wanted}_`));
}
