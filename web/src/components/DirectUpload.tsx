'use client';

import { useState, type ChangeEvent } from 'react';
import { IMAGE_TYPES, MAX_UPLOAD_BYTES, SHEET_ACCEPT, contentTypeOf, type UploadKind, type UploadStep } from '@/lib/direct-upload';
import { putToStorage } from '@/lib/presigned-upload';

interface UserError {
  code: string;
  message: string;
}

interface ImportResult {
  rows: number;
  created: number;
  skipped: number;
  errors: { row: number; column: string | null; code: string; message: string }[];
}

export interface DirectUploadLabels {
  choose: string;
  /** Photos only: a second button that opens the phone's camera. */
  takePhoto?: string;
  preparing: string;
  /** "上传中 {p}%": `{p}` is replaced. */
  uploading: string;
  processing: string;
  done: string;
  failed: string;
  /** Messages per error code (the subgraph's userErrors and the steps' own). */
  errors: Record<string, string>;
  /** Sheets: "共 {rows} 行：新建 {created} …" with `{rows}`, `{created}`, `{skipped}` replaced. */
  result?: string;
  badRows?: string;
  row?: string;
  column?: string;
  reason?: string;
  reload?: string;
}

type State = { phase: 'idle' } | { phase: 'preparing' | 'processing' | 'done' } | { phase: 'uploading'; percent: number } | { phase: 'failed'; errors: UserError[] };

async function step<T>(body: UploadStep): Promise<T> {
  const res = await fetch('/merchant/products/upload', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status === 401) {
    window.location.assign(`/auth/login?returnTo=${encodeURIComponent(window.location.pathname + window.location.search)}`);
    throw new Error('signed out');
  }
  const data = (await res.json().catch(() => ({ code: 'UNAVAILABLE' }))) as T & { code?: string };
  if (!res.ok) throw Object.assign(new Error(data.code ?? 'UNAVAILABLE'), { code: data.code ?? 'UNAVAILABLE' });
  return data;
}

const fill = (template: string, values: Record<string, number>) => template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));

/**
 * A file input whose file goes from the browser straight to object storage: the portal asks for a
 * presigned PUT, the browser sends the bytes there, then the portal attaches the photo (and the page
 * reloads to show it: `afterHref`) or imports the sheet (and shows what was imported and each bad row).
 */
export function DirectUpload({ kind, targetId, labels, afterHref, testId }: { kind: UploadKind; targetId: string; labels: DirectUploadLabels; afterHref?: string; testId: string }) {
  const [state, setState] = useState<State>({ phase: 'idle' });
  const [result, setResult] = useState<ImportResult | null>(null);
  const busy = state.phase === 'preparing' || state.phase === 'uploading' || state.phase === 'processing';

  async function send(file: File) {
    setResult(null);
    const contentType = contentTypeOf(kind, file);
    if (file.size > MAX_UPLOAD_BYTES) return setState({ phase: 'failed', errors: [{ code: 'TOO_LARGE', message: 'too large' }] });
    setState({ phase: 'preparing' });
    try {
      const started = await step<{ upload: { id: string; url: string; method: string; headers: { name: string; value: string }[] } | null; userErrors: UserError[] }>({
        op: kind === 'image' ? 'start-image' : 'start-sheet',
        targetId,
        contentType,
        bytes: file.size,
      });
      if (!started.upload) return setState({ phase: 'failed', errors: started.userErrors });
      setState({ phase: 'uploading', percent: 0 });
      await putToStorage(started.upload, file, (percent) => setState({ phase: 'uploading', percent }));
      setState({ phase: 'processing' });
      const finished = await step<{ userErrors: UserError[]; result?: ImportResult | null }>({ op: kind === 'image' ? 'finish-image' : 'finish-sheet', targetId, uploadId: started.upload.id });
      if (finished.userErrors.length) return setState({ phase: 'failed', errors: finished.userErrors });
      setState({ phase: 'done' });
      if (finished.result) setResult(finished.result);
      // A full page load shows the new photo where the server renders photos (web/README.md: full loads only).
      if (kind === 'image' && afterHref) window.location.assign(afterHref);
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'UNAVAILABLE';
      setState({ phase: 'failed', errors: [{ code, message: (err as Error).message }] });
    }
  }

  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) void send(file);
  };
  const accept = kind === 'image' ? IMAGE_TYPES.join(',') : SHEET_ACCEPT;

  return (
    <div className="direct-upload" data-testid={testId} data-state={state.phase}>
      <div className="inline-fields">
        {kind === 'image' && labels.takePhoto && (
          <label className={`button button-sm ${busy ? 'disabled' : ''}`}>
            {labels.takePhoto}
            {/* capture: the phone's camera opens at once; the other input picks from the album. */}
            <input type="file" accept={accept} capture="environment" className="visually-hidden" disabled={busy} onChange={onChange} data-testid={`${testId}-camera`} />
          </label>
        )}
        <label className={`button button-ghost button-sm ${busy ? 'disabled' : ''}`}>
          {labels.choose}
          <input type="file" accept={accept} className="visually-hidden" disabled={busy} onChange={onChange} data-testid={`${testId}-input`} />
        </label>
        <span className="small muted" role="status" aria-live="polite" data-testid={`${testId}-status`}>
          {state.phase === 'preparing' && labels.preparing}
          {state.phase === 'uploading' && fill(labels.uploading, { p: state.percent })}
          {state.phase === 'processing' && labels.processing}
          {state.phase === 'done' && labels.done}
        </span>
      </div>
      {state.phase === 'uploading' && <progress max={100} value={state.percent} />}
      {state.phase === 'failed' && (
        <ul className="field-errors" role="alert">
          {state.errors.map((e, i) => (
            <li key={`${e.code}-${i}`} data-testid="upload-error" data-code={e.code} title={e.message}>
              {labels.errors[e.code] ?? labels.failed}
            </li>
          ))}
        </ul>
      )}
      {result && <ImportReport result={result} labels={labels} />}
    </div>
  );
}

function ImportReport({ result, labels }: { result: ImportResult; labels: DirectUploadLabels }) {
  return (
    <div className="import-result" data-testid="import-result" data-created={result.created} data-skipped={result.skipped} data-errors={result.errors.length}>
      <p className="notice notice-ok">{fill(labels.result ?? '', { rows: result.rows, created: result.created, skipped: result.skipped })}</p>
      {result.errors.length > 0 && (
        <div className="table-scroll">
          <p className="small warn">{fill(labels.badRows ?? '', { n: result.errors.length })}</p>
          <table className="promo-funding small">
            <thead>
              <tr>
                <th>{labels.row}</th>
                <th>{labels.column}</th>
                <th>{labels.reason}</th>
              </tr>
            </thead>
            <tbody>
              {result.errors.map((e, i) => (
                <tr key={`${e.row}-${i}`} data-testid="import-error" data-row={e.row} data-code={e.code}>
                  <td>{e.row}</td>
                  <td>{e.column ?? '—'}</td>
                  <td>{labels.errors[e.code] ?? e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {result.created > 0 && labels.reload && (
        <a className="button button-ghost button-sm" href="">
          {labels.reload}
        </a>
      )}
    </div>
  );
}
