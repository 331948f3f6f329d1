export * from './ledger.types.js';
export * from './rules.js';
export { applicable, splitOrder, type Applicable, type Attribution, type OrderForSplit, type SplitPart } from './split.rules.js';
export * from './posting-groups.js';
export * from './balances.js';
