/**
 * A Map that forgets its oldest entry beyond `limit`: curve parameters and S-boxes arrive inside envelopes and
 * certificates, so per-value caches must not grow with what a sender chooses to put there.
 *
 * @example
 * const curves = boundedCache<string, FastCurve>(16);
 * const c = curves.get(key) ?? curves.put(key, new FastCurve(p));
 */
export function boundedCache<K, V>(limit: number) {
  const map = new Map<K, V>();
  return {
    get: (key: K): V | undefined => map.get(key),
    put(key: K, value: V): V {
      if (map.size >= limit) {
        const oldest = map.keys().next();
        if (!oldest.done) map.delete(oldest.value);
      }
      map.set(key, value);
      return value;
    },
  };
}
