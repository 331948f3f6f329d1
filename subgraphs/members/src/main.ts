import { bootSubgraph, exitOnStartupError, stopOnSignals } from '@alliance/runtime';
import { readConfig } from './config.js';
import { contextFactory } from './context.js';
import { schema } from './schema.js';

const cfg = readConfig();
Promise.resolve()
  .then(() => bootSubgraph('members', cfg, schema, contextFactory(cfg)))
  .then((svc) => stopOnSignals(svc.stop))
  .catch(exitOnStartupError('members'));
