/**
 * Command-line parsing shared by sign.mjs and verify.mjs: `--flag`,
 * `--option VALUE` and repeatable `--option VALUE` (collected in order).
 */

/** Thrown for unusable input; the scripts exit with status 2 on it. */
export class UsageError extends Error {
  constructor(message) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Parses `argv` against a spec `{flags: [...], single: [...], multi: [...]}`.
 * Unknown options, missing values and repeated single options are errors.
 *
 * @param {string[]} argv - Arguments after the script name.
 * @param {{flags?: string[], single?: string[], multi?: string[]}} spec
 * @returns {{flags: Set<string>, single: Map<string, string>,
 *   multi: Map<string, string[]>}}
 */
export function parseArgs(argv, {flags = [], single = [], multi = []}) {
  const result = {flags: new Set(), single: new Map(), multi: new Map()};
  for(const name of multi) {
    result.multi.set(name, []);
  }
  for(let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if(!arg.startsWith('--')) {
      throw new UsageError(`unexpected argument "${arg}"`);
    }
    const name = arg.slice(2);
    if(flags.includes(name)) {
      result.flags.add(name);
      continue;
    }
    if(!single.includes(name) && !multi.includes(name)) {
      throw new UsageError(`unknown option "${arg}"`);
    }
    if(i + 1 >= argv.length) {
      throw new UsageError(`option "${arg}" needs a value`);
    }
    const value = argv[++i];
    if(multi.includes(name)) {
      result.multi.get(name).push(value);
    } else if(result.single.has(name)) {
      throw new UsageError(`option "${arg}" given more than once`);
    } else {
      result.single.set(name, value);
    }
  }
  return result;
}

/**
 * Splits `URL=FILE` pairs given to `--context` / `--document`.
 *
 * @param {string} option - Option name, for error messages.
 * @param {string[]} values - The raw values.
 * @returns {Array<{url: string, file: string}>}
 */
export function parsePairs(option, values) {
  return values.map(value => {
    const eq = value.indexOf('=');
    if(eq <= 0 || eq === value.length - 1) {
      throw new UsageError(
        `option "--${option}" expects URL=FILE, got "${value}"`);
    }
    return {url: value.slice(0, eq), file: value.slice(eq + 1)};
  });
}
