/**
 * What an audit entry changed, for its collapsible diff: the subject's fields before and after (JSON
 * strings from the merchants subgraph), the changed top-level fields only, values shown as JSON.
 */

export interface AuditChange {
  field: string;
  before: string | null;
  after: string | null;
}

const parse = (json: string | null): unknown => {
  if (json == null) return null;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return json;
  }
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const show = (v: unknown): string | null => (v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v));

/**
 * Fields whose value differs (a creation: every field, before null; a deletion: every field, after null).
 * Anything that is not a JSON object on both sides is one change with the field "".
 */
export function auditChanges(beforeJson: string | null, afterJson: string | null): AuditChange[] {
  const before = parse(beforeJson);
  const after = parse(afterJson);
  if ((before === null || isRecord(before)) && (after === null || isRecord(after)) && (before ?? after) !== null) {
    const b = before ?? {};
    const a = after ?? {};
    const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    return fields
      .filter((f) => JSON.stringify(b[f]) !== JSON.stringify(a[f]))
      .map((field) => ({ field, before: before === null ? null : show(b[field]), after: after === null ? null : show(a[field]) }));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ field: '', before: show(before ?? undefined), after: show(after ?? undefined) }];
}
