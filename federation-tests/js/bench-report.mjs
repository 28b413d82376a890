#!/usr/bin/env node
/**
 * Prints a Markdown table comparing Mochila's criterion results (headline estimate of each
 * `sign|verify/<suite>/realistic` benchmark) with Digital Bazaar's (`js/bench.mjs` output).
 *
 * Usage: node js/bench-report.mjs <target/criterion> <digital-bazaar-bench.jsonl>
 */
import {readFile} from 'node:fs/promises';
import path from 'node:path';

async function main() {
  const [criterionDir, dbFile] = process.argv.slice(2);
  if(!criterionDir || !dbFile) {
    console.error('usage: bench-report.mjs <target/criterion> <digital-bazaar-bench.jsonl>');
    process.exit(2);
  }
  const db = (await readFile(dbFile, 'utf8')).trim().split('\n').map(l => JSON.parse(l));
  console.log('| operation | Mochila (ops/s) | Digital Bazaar (ops/s) | ratio |');
  console.log('|---|---:|---:|---:|');
  for(const {suite, op, per_second} of db) {
    const estimates = path.join(criterionDir, `${op}_${suite}_realistic`, 'new', 'estimates.json');
    // Criterion's headline figure: the slope estimate when it sampled linearly, else the mean.
    const est = JSON.parse(await readFile(estimates, 'utf8'));
    const ns = (est.slope ?? est.mean).point_estimate;
    const ours = 1e9 / ns;
    console.log(`| ${op} ${suite} | ${ours.toFixed(0)} | ${per_second.toFixed(0)} | ` +
      `${(ours / per_second).toFixed(0)}× |`);
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
