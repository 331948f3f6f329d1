import { bootSubgraph, exitOnStartupError, stopOnSignals } from '@alliance/runtime';
import { readConfig } from './config.js';
import { contextFactory } from './context.js';
import { schema } from './schema.js';

Promise.resolve()
  .then(() => bootSubgraph('promotions', readConfig(), schema, contextFactory))
  .then((svc) => stopOnSignals(svc.stop))
  .catch(exitOnStartupError('promotions'));
