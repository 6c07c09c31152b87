// The fine rosette lines printed under the fields of a Diia copy, as SVG path data. Parameters come from a seed
// (the document id) so the same document always gets the same pattern.

function seeded(seed: string): () => number {
  // FNV-1a of the seed, then xorshift32: tiny, deterministic, good enough for decoration.
  let state = 0x811c9dc5;
  for (const ch of seed) state = Math.imul(state ^ (ch.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
}

/** Rosettes (hypotrochoids) centred at (0,0), radius about `radius`, in SVG coordinates. */
export function guillochePaths(seed: string, radius: number, count: number): string[] {
  const random = seeded(seed);
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const big = 11 + Math.floor(random() * 7);
    const small = 3 + Math.floor(random() * 4);
    const pen = 0.55 + random() * 0.4;
    const phase = random() * Math.PI * 2;
    const scale = (radius * (0.55 + (0.45 * i) / count)) / (big - small + small * pen);
    const steps = 2400;
    const turns = small * 2 * Math.PI;
    const points: string[] = [];
    for (let s = 0; s <= steps; s++) {
      const t = phase + (turns * s) / steps;
      const x = (big - small) * Math.cos(t) + small * pen * Math.cos(((big - small) / small) * t);
      const y = (big - small) * Math.sin(t) - small * pen * Math.sin(((big - small) / small) * t);
      points.push(`${(x * scale).toFixed(1)} ${(y * scale).toFixed(1)}`);
    }
    paths.push(`M ${points.join(" L ")}`);
  }
  return paths;
}
