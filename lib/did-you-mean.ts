/** "Did you mean …?" for config keys and names: the closest known spelling, if one is close enough to be a typo. */

/** Edit distance (insert, delete, substitute, swap two neighbours), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) d[0][j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[s.length][t.length];
}

/** The candidate closest to `word`, when it is within a typo's reach (a third of the word, at least 2 edits). */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const reach = Math.max(2, Math.floor(word.length / 3));
  let best: { name: string; distance: number } | undefined;
  const abbreviates = (a: string, b: string) => a.length >= 4 && b.toLowerCase().startsWith(a.toLowerCase());
  for (const name of candidates) {
    // An abbreviation (ownsZoneConfig for ownsZoneConfiguration) counts as a near miss however many letters it drops.
    const distance = abbreviates(word, name) || abbreviates(name, word) ? 1 : editDistance(word, name);
    if (distance <= reach && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** `; did you mean "x"?` or, without a close candidate, the list to choose from. */
export function suggestion(word: string, candidates: readonly string[], noun = 'known keys'): string {
  const match = closest(word, candidates);
  if (match) return `did you mean "${match}"?`;
  return candidates.length > 0 ? `${noun}: ${candidates.join(', ')}` : `nothing is allowed here`;
}
