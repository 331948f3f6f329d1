import { getConfig } from './config';

/**
 * Validates the configuration once when the server starts. A bad setting stops the server with one
 * clear line instead of answering every request with a 500.
 */
export function register(): void {
  try {
    getConfig();
  } catch (err) {
    console.error(`✖ ${(err as Error).message}`);
    process.exit(1);
  }
}
