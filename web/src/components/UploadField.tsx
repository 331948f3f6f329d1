'use client';

import { useState } from 'react';
import { checkImageFile, uploadImage } from '@/lib/presigned-upload';

export interface UploadFieldLabels {
  uploading: string;
  uploaded: string;
  failed: string;
  tooLarge: string;
  wrongType: string;
}

/**
 * A photo field of a plain form: choosing a file uploads it at once (a presigned PUT straight to storage,
 * lib/presigned-upload.ts) and puts the upload's id in the hidden input `name`, which the form posts.
 * Before hydration the file input does nothing and the form posts without the photo.
 */
export function UploadField({ endpoint, name, label, labels, testId, defaultUploadId = '' }: { endpoint: string; name: string; label: string; labels: UploadFieldLabels; testId: string; defaultUploadId?: string }) {
  const [uploadId, setUploadId] = useState(defaultUploadId);
  const [state, setState] = useState<'idle' | 'uploading' | 'uploaded' | 'failed'>(defaultUploadId ? 'uploaded' : 'idle');
  const [message, setMessage] = useState(defaultUploadId ? labels.uploaded : '');

  async function choose(file: File | undefined) {
    setUploadId('');
    if (!file) {
      setState('idle');
      setMessage('');
      return;
    }
    const refused = checkImageFile(file);
    if (refused) {
      setState('failed');
      setMessage(refused === 'UNSUPPORTED_TYPE' ? labels.wrongType : refused === 'TOO_LARGE' ? labels.tooLarge : labels.failed);
      return;
    }
    setState('uploading');
    setMessage(labels.uploading);
    const outcome = await uploadImage(endpoint, file);
    if (outcome.ok) {
      setUploadId(outcome.uploadId);
      setState('uploaded');
      setMessage(labels.uploaded);
    } else {
      setState('failed');
      setMessage(outcome.code === 'TOO_LARGE' ? labels.tooLarge : outcome.code === 'UNSUPPORTED_TYPE' ? labels.wrongType : `${labels.failed} (${outcome.code})`);
    }
  }

  return (
    <span className="upload-field" data-testid={testId} data-state={state}>
      <input type="file" accept="image/jpeg,image/png,image/webp" aria-label={label} onChange={(e) => void choose(e.currentTarget.files?.[0])} data-testid={`${testId}-file`} />
      <input type="hidden" name={name} value={uploadId} />
      {message && (
        <span className={state === 'failed' ? 'small warn' : 'small muted'} role={state === 'failed' ? 'alert' : 'status'}>
          {message}
        </span>
      )}
    </span>
  );
}
