// Writes schemas/*.schema.json from the zod schemas (run after a build: npm run schemas).
import { mkdirSync, writeFileSync } from 'node:fs';
import { modelJsonSchema, scenarioJsonSchema } from '../dist/load/json-schema.js';
import { configJsonSchema } from '../dist/lint/config.js';

mkdirSync('schemas', { recursive: true });
writeFileSync('schemas/model.schema.json', JSON.stringify(modelJsonSchema(), null, 2) + '\n');
writeFileSync('schemas/scenario.schema.json', JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
writeFileSync('schemas/config.schema.json', JSON.stringify(configJsonSchema(), null, 2) + '\n');
console.log('wrote schemas/model.schema.json, schemas/scenario.schema.json, schemas/config.schema.json');
