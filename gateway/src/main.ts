import { exitOnStartupError, stopOnSignals } from '@alliance/runtime';
import { readConfig } from './config.js';
import { startGateway } from './server.js';

Promise.resolve()
  .then(() => startGateway(readConfig()))
  .then((gw) => stopOnSignals(gw.stop))
  .catch(exitOnStartupError('gateway'));
