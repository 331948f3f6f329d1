import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

/**
 * S3-compatible object storage (SeaweedFS here, MinIO in compose, Aliyun OSS / AWS S3 in production),
 * through one client. Two views of the same bucket: the service reaches storage at `endpoint`; a
 * browser reaches it at `publicEndpoint` (presigned URLs are signed for the host the browser uses,
 * since the host is part of the signature).
 */
export interface ObjectStorageOptions {
  endpoint: string;
  publicEndpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Where stored renditions are read from by browsers: a CDN, or `<publicEndpoint>/<bucket>`. */
  publicBaseUrl: string;
}

export interface PresignedPut {
  url: string;
  headers: { name: string; value: string }[];
  expiresAt: Date;
}

export interface StoredObject {
  bytes: number;
  contentType: string | null;
}

export interface ListedObject {
  key: string;
  lastModified: Date;
  bytes: number;
}

export class ObjectStorage {
  private readonly client: S3Client;
  private readonly publicClient: S3Client;
  constructor(private readonly o: ObjectStorageOptions) {
    const make = (endpoint: string) =>
      new S3Client({
        endpoint,
        region: o.region,
        credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey },
        // Path-style (`host/bucket/key`): SeaweedFS and MinIO on one host have no bucket subdomains.
        forcePathStyle: true,
        // The SDK's default adds a CRC32 checksum to every request, which a presigned PUT cannot
        // carry for bytes it has not seen (SeaweedFS answers 400) and older S3 servers reject.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
    this.client = make(o.endpoint);
    this.publicClient = make(o.publicEndpoint);
  }

  get bucket(): string {
    return this.o.bucket;
  }

  private bucketReady: Promise<void> | null = null;

  /**
   * Creates the bucket when it does not exist (production buckets are usually made beforehand). Once
   * per process, on first write rather than at start-up, so a subgraph whose storage is down still
   * serves everything but photos and sheets.
   */
  ensureBucket(): Promise<void> {
    this.bucketReady ??= this.createBucket().catch((err: unknown) => {
      this.bucketReady = null;
      throw err;
    });
    return this.bucketReady;
  }

  private async createBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.o.bucket }));
    } catch {
      await this.client.send(new CreateBucketCommand({ Bucket: this.o.bucket })).catch((err: { name?: string }) => {
        if (err.name !== 'BucketAlreadyOwnedByYou' && err.name !== 'BucketAlreadyExists') throw err;
      });
    }
  }

  /**
   * A PUT the browser sends straight to storage. The signature covers the content type and length,
   * so storage refuses a body of another size or type than was declared; what the bytes really are
   * is checked again when the upload is used.
   */
  async presignPut(key: string, contentType: string, bytes: number, expiresInSeconds: number, now: Date): Promise<PresignedPut> {
    await this.ensureBucket();
    const command = new PutObjectCommand({ Bucket: this.o.bucket, Key: key, ContentType: contentType, ContentLength: bytes });
    const url = await getSignedUrl(this.publicClient, command, { expiresIn: expiresInSeconds, signableHeaders: new Set(['content-type', 'content-length']) });
    return { url, headers: [{ name: 'Content-Type', value: contentType }], expiresAt: new Date(now.getTime() + expiresInSeconds * 1000) };
  }

  /** A GET link for a download (an export); `filename` is what the browser saves it as. */
  async presignGet(key: string, filename: string, expiresInSeconds: number): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.o.bucket,
      Key: key,
      ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`,
    });
    return getSignedUrl(this.publicClient, command, { expiresIn: expiresInSeconds });
  }

  /** Size and declared type of a stored object, or null when there is none under the key. */
  async head(key: string): Promise<StoredObject | null> {
    try {
      const r = await this.client.send(new HeadObjectCommand({ Bucket: this.o.bucket, Key: key }));
      return { bytes: r.ContentLength ?? 0, contentType: r.ContentType ?? null };
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) return null;
      throw err;
    }
  }

  /** The object's bytes (callers check `head` for its size first: this reads it all into memory). */
  async get(key: string): Promise<Buffer> {
    const r = await this.client.send(new GetObjectCommand({ Bucket: this.o.bucket, Key: key }));
    return Buffer.from(await r.Body!.transformToByteArray());
  }

  /** Stores bytes the service made (renditions, exports); immutable keys may be cached for ever. */
  async put(key: string, body: Buffer, contentType: string, cacheControl = 'public, max-age=31536000, immutable'): Promise<void> {
    await this.ensureBucket();
    await this.client.send(new PutObjectCommand({ Bucket: this.o.bucket, Key: key, Body: body, ContentType: contentType, CacheControl: cacheControl }));
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.o.bucket, Key: key }));
  }

  /** Every object under `prefix`, a page (up to 1,000) at a time, in key order. */
  async *list(prefix: string): AsyncGenerator<ListedObject[]> {
    let token: string | undefined;
    do {
      const r = await this.client.send(new ListObjectsV2Command({ Bucket: this.o.bucket, Prefix: prefix, ContinuationToken: token }));
      yield (r.Contents ?? []).filter((c) => c.Key).map((c) => ({ key: c.Key!, lastModified: c.LastModified ?? new Date(0), bytes: c.Size ?? 0 }));
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
  }

  /** The URL browsers read a stored object from. */
  publicUrl(key: string): string {
    return `${this.o.publicBaseUrl.replace(/\/$/, '')}/${key.split('/').map(encodeURIComponent).join('/')}`;
  }
}
