import { bootSubgraph, exitOnStartupError, stopOnSignals } from '@alliance/runtime';
import { readConfig } from './config.js';
import { contextFactory, createMerchantsDomain } from './context.js';
import { schema } from './schema.js';

const cfg = readConfig();
Promise.resolve()
  .then(() => bootSubgraph('merchants', cfg, schema, ({ connection, logger }) => contextFactory(createMerchantsDomain(connection, logger))))
  .then((svc) => stopOnSignals(svc.stop))
  .catch(exitOnStartupError('merchants'));
