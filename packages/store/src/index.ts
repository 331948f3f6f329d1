export * from './mongo.js';
export * from './cursor.js';
export type { StoreCollection } from './collection.js';
export * from './insert-once.js';
export * from './stream.js';
export * from './idempotency.js';
export * from './tenant-repository.js';
export * from './sweeper.js';
export * from './background-loop.js';
