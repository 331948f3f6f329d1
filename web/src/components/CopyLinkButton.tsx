'use client';

import { useState } from 'react';

/**
 * Copies `url` to the clipboard. Without the clipboard API (an http page, an old browser) the link stays
 * selectable in the field beside it, so the button only says it could not copy.
 */
export function CopyLinkButton({ url, label, copiedLabel, failedLabel }: { url: string; label: string; copiedLabel: string; failedLabel: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button
      type="button"
      className="button button-ghost button-sm"
      data-testid="copy-share-link"
      data-state={state}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(url);
          setState('copied');
        } catch {
          setState('failed');
        }
      }}
    >
      {state === 'copied' ? copiedLabel : state === 'failed' ? failedLabel : label}
    </button>
  );
}
