'use client';

import { useEffect } from 'react';

/** Marks <html data-hydrated> once React has hydrated (lets end-to-end tests wait for interactivity). */
export function HydrationMarker() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);
  return null;
}
