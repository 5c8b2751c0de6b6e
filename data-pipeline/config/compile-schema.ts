/**
 * Writes campaign.schema.json's validator as standalone code (config/schema-validator.ts), unless it is current:
 * run by `npm install` (prepare) and `npm test`, so a config loads without compiling the schema.
 */
import { writeValidatorModule } from './schema-validator.ts';

writeValidatorModule();
