export * from './config.js';
export * from './logger.js';
export * from './errors.js';
export * from './service.js';
export * from './boot.js';
export * from './request-log.js';
