import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { Ajv } from 'ajv';
import { LATEST_VERSIONS } from './contracts.js';
import { INVALID_SAMPLES, SAMPLES } from './contracts.samples.js';
import { parseEnvelope, type AnyEventEnvelope } from './envelope.js';

const dir = new URL('../../../schemas/events/', import.meta.url);
const schemaFiles = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const declared = Object.entries(SAMPLES).flatMap(([type, versions]) => Object.keys(versions).map((v) => `${type}.v${v}.json`)).sort();
const ajv = new Ajv({ allErrors: true, strict: true });
const validators = new Map(schemaFiles.map((f) => [f, ajv.compile(JSON.parse(readFileSync(new URL(f, dir), 'utf8')))]));

test('every contract has its schema file and every schema file a contract', () => {
  assert.deepEqual(schemaFiles, declared);
  for (const [type, v] of Object.entries(LATEST_VERSIONS)) assert.ok(schemaFiles.includes(`${type}.v${v}.json`), `${type} v${v} has a schema`);
});

test('every sample validates against its schema and parses as an envelope', () => {
  for (const versions of Object.values(SAMPLES)) {
    for (const sample of Object.values(versions) as AnyEventEnvelope[]) {
      const validate = validators.get(`${sample.type}.v${sample.version}.json`)!;
      assert.ok(validate(sample), `${sample.type} v${sample.version}: ${ajv.errorsText(validate.errors)}`);
      assert.deepEqual(parseEnvelope(JSON.stringify(sample)), sample);
      assert.ok(sample.id.startsWith(`${sample.allianceId}:`), 'ids lead with the tenant');
    }
  }
});

test('schemas refuse what the contracts forbid', () => {
  for (const { why, envelope } of INVALID_SAMPLES) {
    const e = envelope as { type: string };
    const validate = validators.get(`${e.type}.v1.json`)!;
    assert.equal(validate(JSON.parse(JSON.stringify(envelope))), false, `refused: ${why}`);
  }
});

test('parseEnvelope refuses what is not an envelope', () => {
  assert.throws(() => parseEnvelope('{"id":"demo:1","type":"x","version":0}'), /bad version, allianceId, occurredAt, data/);
  assert.throws(() => parseEnvelope('[]'), /not an event envelope/);
});
