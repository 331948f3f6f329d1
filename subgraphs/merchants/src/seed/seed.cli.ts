import mongoose from 'mongoose';
import { readConfig } from '../config.js';
import { seedDemoAlliance } from './seed.js';

/** `npm run seed`: loads the demo alliance into MONGODB_URI (idempotent). */
const cfg = readConfig();
const conn = await mongoose.createConnection(cfg.MONGODB_URI, { serverSelectionTimeoutMS: 10_000 }).asPromise();
try {
  const r = await seedDemoAlliance(conn);
  console.log(`demo alliance: ${r.merchants} shops, ${r.products} products (${r.inserted} newly inserted)`);
} finally {
  await conn.close();
}
