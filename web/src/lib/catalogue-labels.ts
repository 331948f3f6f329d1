/** The upload component's words (a client component gets strings, not the dictionary's functions). */
import type { DirectUploadLabels } from '@/components/DirectUpload';
import type { Dictionary } from '@/i18n/dictionary';

export function uploadLabels(t: Dictionary, kind: 'image' | 'sheet'): DirectUploadLabels {
  const c = t.catalogue;
  const common = { preparing: c.photos.preparing, uploading: c.photos.uploading, processing: c.photos.processing, failed: c.photos.failed, errors: c.errors };
  if (kind === 'image') return { ...common, choose: c.photos.choose, takePhoto: c.photos.takePhoto, done: c.photos.done };
  const s = c.sheet;
  return { ...common, choose: s.import, processing: s.importing, done: '', result: s.result, badRows: s.badRows, row: s.row, column: s.column, reason: s.reason, reload: s.reload };
}
