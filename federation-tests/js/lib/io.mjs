/**
 * Input/output helpers: read JSON from stdin and files, print results.
 */
import {readFile} from 'node:fs/promises';
import {UsageError} from './args.mjs';

/**
 * Reads all of stdin and parses it as one JSON object.
 *
 * @returns {Promise<object>}
 */
export async function readJsonStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if(text.trim() === '') {
    throw new UsageError('stdin is empty: expected a JSON credential');
  }
  return parseJsonObject(text, 'stdin');
}

/**
 * Reads a file and parses it as one JSON object.
 *
 * @param {string} file - Path of the file.
 * @returns {Promise<object>}
 */
export async function readJsonFile(file) {
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch(e) {
    throw new UsageError(`cannot read "${file}": ${e.message}`);
  }
  return parseJsonObject(text, file);
}

function parseJsonObject(text, origin) {
  let value;
  try {
    value = JSON.parse(text);
  } catch(e) {
    throw new UsageError(`${origin} is not valid JSON: ${e.message}`);
  }
  if(!(value && typeof value === 'object' && !Array.isArray(value))) {
    throw new UsageError(`${origin} must hold a JSON object`);
  }
  return value;
}

/**
 * Flattens an error (with nested `errors` / `cause`) into readable strings.
 *
 * @param {unknown} error - What was thrown or reported.
 * @returns {string[]}
 */
export function errorMessages(error) {
  const out = [];
  const seen = new Set();
  const visit = e => {
    if(e === undefined || e === null || seen.has(e)) {
      return;
    }
    seen.add(e);
    if(Array.isArray(e)) {
      e.forEach(visit);
      return;
    }
    if(e instanceof Error || (typeof e === 'object' && 'message' in e)) {
      const name = e.name && e.name !== 'Error' ? `${e.name}: ` : '';
      const message = e.message ? `${name}${e.message}${detailsOf(e)}` : '';
      // a cause is often repeated inside its wrapper's message
      if(message && !out.some(m => m.includes(e.message))) {
        out.push(message);
      }
      visit(e.errors);
      visit(e.cause);
      return;
    }
    out.push(String(e));
  };
  visit(error);
  return out;
}

// jsonld.js puts the useful part of its errors (which term, which URL) in
// `details`; keep a bounded summary of it.
function detailsOf(e) {
  if(!e.details || typeof e.details !== 'object') {
    return '';
  }
  let text;
  try {
    text = JSON.stringify(e.details, (key, value) =>
      key === 'document' || key === 'cause' ? undefined : value);
  } catch {
    return '';
  }
  if(!text || text === '{}') {
    return '';
  }
  return ` ${text.length > 400 ? `${text.slice(0, 400)}...` : text}`;
}
