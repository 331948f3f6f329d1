/**
 * A stored photo: its renditions' object keys and sizes (never URLs, so the serving host or CDN can
 * change without rewriting documents). Plain data, shared by products and shop licences.
 */
export interface StoredRendition {
  key: string;
  width: number;
  height: number;
}

export interface StoredImage {
  id: string;
  /** Smallest first. */
  renditions: StoredRendition[];
}
