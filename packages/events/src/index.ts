export * from './envelope.js';
export * from './contracts.js';
export * from './catalog.events.js';
export * from './order.events.js';
export * from './promotion.events.js';
export * from './bus.js';
export * from './stream.js';
export * from './dev-clock.js';
export { connectNats } from './nats-connection.js';
