/**
 * Opens pages of a running node in headless Chromium (Debian's, driven by playwright-core)
 * at phone width, runs axe-core on each, and prints one JSON object:
 * {"<url>": {"status": 200, "overflow": 0, "violations": [{id, impact, help, nodes}]}}.
 *
 * Usage: node js/pages-a11y.mjs --chromium /usr/bin/chromium --width 390 --url URL...
 */
import {createRequire} from 'node:module';
import {chromium} from 'playwright-core';
import {parseArgs, UsageError} from './lib/args.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

async function audit(page, url, width) {
  const response = await page.goto(url, {waitUntil: 'load'});
  await page.addScriptTag({path: AXE});
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, {
      runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}
    });
    return {
      overflow: document.documentElement.scrollWidth,
      violations: r.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))
      }))
    };
  });
  return {
    status: response ? response.status() : 0,
    overflow: Math.max(0, result.overflow - width),
    violations: result.violations
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2), {single: ['chromium', 'width'], multi: ['url']});
  const executablePath = args.single.get('chromium') ?? '/usr/bin/chromium';
  const width = Number(args.single.get('width') ?? '390');
  const urls = args.multi.get('url');
  if(urls.length === 0) {
    throw new UsageError('give at least one --url');
  }
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync']
  });
  try {
    const page = await browser.newPage({viewport: {width, height: 844}});
    const report = {};
    for(const url of urls) {
      report[url] = await audit(page, url, width);
    }
    process.stdout.write(JSON.stringify(report) + '\n');
  } finally {
    await browser.close();
  }
}

main().catch(e => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(e instanceof UsageError ? 2 : 1);
});
