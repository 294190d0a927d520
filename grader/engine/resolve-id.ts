// One lookup for `npm run lesson`, `npm run ex` and `npm run grade`: a number is a zero-padded prefix
// ("1" → "01-…"), anything else a part of the name ("sine"). A prefix match wins over name matches.

export type Resolution = { ok: true; id: string } | { ok: false; message: string; candidates: string[] };

/** Resolves `wanted` among `ids` (e.g. "01-rnn-cell", …); `kind` names them in messages ("lesson", "exercise"). */
export function resolveId(wanted: string, ids: readonly string[], kind = 'id'): Resolution {
  const query = wanted.trim().toLowerCase();
  const sorted = [...ids].sort();
  const list = sorted.join(', ');
  if (query === '') return { ok: false, message: `No ${kind} given. Available: ${list}`, candidates: sorted };
  const exact = sorted.filter((id) => id.toLowerCase() === query);
  if (exact.length === 1) return { ok: true, id: exact[0] };
  if (/^\d+$/.test(query)) {
    const prefix = `${query.padStart(2, '0')}-`;
    const byNumber = sorted.filter((id) => id.startsWith(prefix));
    if (byNumber.length === 1) return { ok: true, id: byNumber[0] };
    if (byNumber.length > 1) return ambiguous(wanted, byNumber, kind);
  }
  const byName = sorted.filter((id) => id.toLowerCase().includes(query));
  if (byName.length === 1) return { ok: true, id: byName[0] };
  if (byName.length > 1) return ambiguous(wanted, byName, kind);
  return { ok: false, message: `No ${kind} matches "${wanted}". Available: ${list}`, candidates: sorted };
}

function ambiguous(wanted: string, matches: string[], kind: string): Resolution {
  return {
    ok: false,
    message: `"${wanted}" matches several ${kind}s: ${matches.join(', ')}. Be more specific.`,
    candidates: matches,
  };
}
