// The chat example in headless Chromium: two pages join one room through the example's own
// page and exchange messages. Usage: node chat-browser.mjs 127.0.0.1:PORT [screenshot.png].
// Chromium is /usr/bin/chromium (Debian's package), or $CHROMIUM. Prints one line per check
// and exits 1 if any failed.
import { chromium } from 'playwright-core';
import { withTimeout } from './scenarios.mjs';

const [address, screenshot] = process.argv.slice(2);
if (!/^127\.0\.0\.1:\d+$/.test(address ?? '')) {
  console.error('usage: node chat-browser.mjs 127.0.0.1:PORT [screenshot.png]');
  process.exit(2);
}
// Without these Chromium keeps trying to reach Google's hosts, which this closed network
// refuses; Playwright adds --headless, --no-sandbox (needed as root) and a fresh profile.
const FLAGS = ['--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT_MS = 10_000;
let failed = 0;

function report(check, ok, detail) {
  if (!ok) {
    failed++;
  }
  console.log(`chromium ${check.padEnd(26)} ${ok ? 'OK  ' : 'FAIL'}  ${detail}`);
}

/** Joins a room as a name through the page's form, as a person would. */
async function join(page, name, room) {
  await page.goto(`http://${address}/`, { timeout: WAIT_MS });
  await page.fill('input[name=name]', name);
  await page.selectOption('select[name=room]', room);
  await page.click('#join button');
  await page.waitForSelector('#say input[name=text]:not([disabled])', { timeout: WAIT_MS });
}

/** Waits until the page's log shows a line; returns whether it did. */
async function shows(page, text) {
  try {
    await page.waitForFunction((wanted) => [...document.querySelectorAll('#log p')]
        .some((line) => line.textContent === wanted), text, { timeout: WAIT_MS });
    return true;
  } catch {
    return false;
  }
}

async function say(page, text) {
  await page.fill('#say input[name=text]', text);
  await page.click('#say button');
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: FLAGS,
  timeout: 30_000,
});
try {
  await withTimeout((async () => {
    const ada = await browser.newPage();
    const bob = await browser.newPage();
    await join(ada, 'Ada', 'java');
    report('chat-ada-joins', await shows(ada, 'Ada joined #java'), 'her page shows her join');
    await join(bob, 'Bob', 'java');
    report('chat-bob-join-seen', await shows(ada, 'Bob joined #java'), 'broadcast to the room');

    await say(ada, 'Hello, Bob!');
    report('chat-ada-to-bob', await shows(bob, 'Ada: Hello, Bob!'), 'Ada -> Bob');
    await say(bob, 'Hi, Ada.');
    report('chat-bob-to-ada', await shows(ada, 'Bob: Hi, Ada.'), 'Bob -> Ada');

    await bob.close();
    report('chat-bob-leave-seen', await shows(ada, 'Bob left #java'),
        'closing the tab ends his session');
    if (screenshot) {
      await ada.screenshot({ path: screenshot });
    }
  })(), 60_000, 'the chat test');
} catch (error) {
  report('chat-test-ran', false, error.message);
} finally {
  await withTimeout(browser.close(), 10_000, 'closing Chromium').catch(() => {});
}
process.exit(failed === 0 ? 0 : 1);
