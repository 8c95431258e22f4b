// Runs OpenActive's data model validator (npm @openactive/data-model-validator)
// over RPDE pages, for the Go tests of the OpenActive feed (openactive_test.go).
//
//   node validate.mjs VALIDATOR_DIR ACTIVITY_LIST FILE...
//
// VALIDATOR_DIR is the installed package (node_modules/@openactive/data-model-validator);
// ACTIVITY_LIST is the copy of the OpenActive activity list that signpost
// vendors (site/activity/activity-list.jsonld). It prints one JSON object per
// line: {"file": FILE, "results": [...the validator's results...]}.
//
// The validator fetches the activity list (https://openactive.io/activity-list)
// over HTTP to check every `activity`. The tests have no network, so its HTTP
// client (axios, the validator's own copy) is given an adapter that answers
// that one address from ACTIVITY_LIST and refuses every other request: a
// refused request shows up as a failure in the results, never as a silent
// fetch from the internet.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const [validatorDir, activityListPath, ...files] = process.argv.slice(2);
if (!validatorDir || !activityListPath) {
  console.error('usage: node validate.mjs VALIDATOR_DIR ACTIVITY_LIST FILE...');
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(validatorDir), 'package.json'));
const validator = require('./src/index.js');
const axios = require('axios');

const activityList = JSON.parse(readFileSync(activityListPath, 'utf8'));
const local = new Map([['https://openactive.io/activity-list', activityList]]);
axios.defaults.adapter = async (config) => {
  if (local.has(config.url)) {
    return {
      data: local.get(config.url), status: 200, statusText: 'OK',
      headers: { 'content-type': 'application/ld+json' }, config, request: {},
    };
  }
  const err = new Error(`validate.mjs: no network in the tests, refused ${config.url}`);
  err.config = config;
  console.error(err.message);
  throw err;
};

for (const file of files) {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  const results = await validator.validate(data, { loadRemoteJson: true, version: '2.0' });
  console.log(JSON.stringify({ file, results }));
}
