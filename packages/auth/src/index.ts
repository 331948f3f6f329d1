export * from './auth.js';
export * from './gateway-signature.js';
export * from './request-identity.js';
export * from './tenant.js';
