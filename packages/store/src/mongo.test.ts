import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDatabase } from './mongo.js';

test('withDatabase swaps only the database name', () => {
  assert.equal(withDatabase('mongodb://127.0.0.1:27017/alliance', 't1'), 'mongodb://127.0.0.1:27017/t1');
  assert.equal(withDatabase('mongodb://127.0.0.1:27017', 't1'), 'mongodb://127.0.0.1:27017/t1');
  assert.equal(withDatabase('mongodb://u:p@a:1,b:2/alliance?replicaSet=rs0', 't1'), 'mongodb://u:p@a:1,b:2/t1?replicaSet=rs0');
  assert.equal(withDatabase('mongodb+srv://cluster.example.com/?retryWrites=true', 't1'), 'mongodb+srv://cluster.example.com/t1?retryWrites=true');
  assert.throws(() => withDatabase('postgres://x/y', 't1'));
});
