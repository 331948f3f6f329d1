/**
 * `npm run test:unit`: the unit tier alone, in seconds, with nothing started (no database, Keycloak,
 * NATS or services). `npm test` runs these too, with every other tier.
 */
import { spawn } from 'node:child_process';
import { REPO_ROOT } from './paths.js';
import { findTests, isUnitTest, tierOrder } from './test-files.js';

const only = process.argv.slice(2);
const files = (only.length ? only : findTests().filter(isUnitTest)).sort(tierOrder);
const child = spawn(process.execPath, ['--import', 'tsx', '--test', ...files], { cwd: REPO_ROOT, stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
