export * from './auth.js';
export * from './gateway-signature.js';
export * from './request-identity.js';
export * from './tenant.js';
export * from './replay-guard.js';
export * from './service-identity.js';
export * from './service-client.js';
