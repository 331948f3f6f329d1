/**
 * One settlement run in a process of its own: settlement.crash.integration.test.ts SIGKILLs it part-way,
 * and the settlement benchmark measures it (time, peak memory, database round trips). The settlement
 * service over its own connection, as the admin whose token it is given; prints one JSON line.
 *   node --import tsx settlement.run-once.ts <mongodbUri> <keycloakUrl> <allianceId> <adminToken> <periodEnd> <idempotencyKey>
 */
import mongoose from 'mongoose';
import { createTokenVerifier } from '@alliance/auth';
import { LedgerRepository } from '../accounts/ledger.repository.js';
import { SettlementRepository } from './settlement.repository.js';
import { SettlementService } from './settlement.service.js';

const [mongodbUri, keycloakUrl, allianceId, token, periodEnd, key] = process.argv.slice(2);
if (!mongodbUri || !keycloakUrl || !allianceId || !token || !periodEnd || !key) throw new Error('usage: settlement.run-once.ts <mongodbUri> <keycloakUrl> <allianceId> <adminToken> <periodEnd> <idempotencyKey>');

const conn = await mongoose.createConnection(mongodbUri, { serverSelectionTimeoutMS: 10_000, monitorCommands: true }).asPromise();
let roundTrips = 0;
conn.getClient().on('commandStarted', () => (roundTrips += 1));
const principal = await createTokenVerifier({ keycloakUrl, realm: 'alliance', audience: 'alliance-api' }).verify(token);
const service = new SettlementService({ allianceId, principal, requestId: 'run-once' }, new SettlementRepository(conn), new LedgerRepository(conn), () => new Date());
const mb = (bytes: number) => bytes / 1024 / 1024;
const baseRssMb = mb(process.memoryUsage().rss);
roundTrips = 0;
const started = performance.now();
const payload = await service.run(periodEnd, key);
const ms = performance.now() - started;
const counted = roundTrips;
// maxRSS (KiB): the process's peak resident memory, the run included.
process.stdout.write(`${JSON.stringify({ payload, ms, roundTrips: counted, baseRssMb, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
await conn.close();
