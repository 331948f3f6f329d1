export * from './money.js';
export * from './refund.js';
export * from './capped-allocation.js';
export * from './fen-scalar.js';
export * from './yuan.js';
