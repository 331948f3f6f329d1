import type { mongo } from 'mongoose';

/**
 * The storage primitives work on a driver collection (`connection.collection(name)` or `Model.collection`)
 * whose documents have string `_id`s: that `_id` is the only filter FerretDB v1 answers without a scan.
 */
export type StoreCollection = mongo.Collection<mongo.Document>;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
