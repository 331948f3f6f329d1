export * from './mongo.js';
export * from './cursor.js';
