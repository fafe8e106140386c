// Runs every row of scenarios.json in headless Chromium: the browser's own WebSocket, in a page
// the interop app serves, driven by playwright-core. Usage: node chromium-client.mjs
// 127.0.0.1:PORT. Chromium is /usr/bin/chromium (Debian's package), or $CHROMIUM.
// Prints one line per row; exits 1 if any row failed.
//
// A page cannot see a refused handshake: the WebSocket API reports close code 1006 and no
// status. So for those rows the status comes from Chromium itself, through the DevTools
// protocol's Network domain: a 101 arrives as Network.webSocketHandshakeResponseReceived, and
// a refusal as Network.webSocketFrameError, whose message names the status ("Unexpected
// response code: 404"), except for a 401, where Chromium reports its failed attempt at HTTP
// authentication instead. Each refused row also checks what the page saw: no open event,
// close code 1006, wasClean false. Headers and bodies of refusals are not exposed.
import { chromium } from 'playwright-core';
import { appAddress, concreteSteps, runTable, withTimeout } from './scenarios.mjs';

const CLIENT = 'chromium';
const AUTH_FAILED = 'HTTP Authentication failed';
// Without these Chromium keeps trying to reach Google's hosts, which this closed network
// refuses; Playwright adds --headless, --no-sandbox (needed as root) and a fresh profile.
const FLAGS = ['--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Runs one row inside the page with the browser's WebSocket; serialised by Playwright, so it
 * uses nothing from this module. Returns what the page saw.
 */
async function inPage({ url, subprotocols, steps, timeoutMs }) {
  const seen = { opened: false, subprotocol: null, extensions: '', close: null, reason: null,
    wasClean: null, problems: [] };
  const brief = (text) => {
    if (typeof text !== 'string') {
      return String(text);
    }
    return text.length <= 40 ? JSON.stringify(text)
        : `${text.length} chars starting ${JSON.stringify(text.slice(0, 16))}`;
  };
  const within = (promise, what) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} took more than ${timeoutMs} ms`)),
        timeoutMs);
    promise.then((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });

  const ws = subprotocols ? new WebSocket(url, subprotocols) : new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  const inbox = [];
  let wake = () => {};
  const closed = new Promise((resolve) => {
    ws.onclose = (event) => {
      Object.assign(seen, { close: event.code, reason: event.reason, wasClean: event.wasClean });
      wake();
      resolve();
    };
  });
  ws.onmessage = (event) => {
    inbox.push(event.data);
    wake();
  };
  seen.opened = await within(new Promise((resolve) => {
    ws.onopen = () => resolve(true);
    closed.then(() => resolve(false));
  }), 'the handshake');
  if (!seen.opened) {
    return seen;
  }
  seen.subprotocol = ws.protocol || null;
  seen.extensions = ws.extensions;

  for (const step of steps) {
    if (ws.readyState !== WebSocket.OPEN) {
      if (step.op === 'receive') {
        seen.problems.push(`expected a message ${brief(step.text)} but the connection closed`);
      }
      break;
    }
    if (step.op === 'send') {
      ws.send(step.kind === 'text' ? step.text
          : new Uint8Array(step.hex.match(/../g).map((pair) => parseInt(pair, 16))));
    } else if (step.op === 'close') {
      ws.close(step.code);
    } else if (step.op === 'receive') {
      const arrived = () => inbox.length > 0 || ws.readyState === WebSocket.CLOSED;
      try {
        await within(new Promise((resolve) => {
          wake = () => arrived() && resolve();
          wake();
        }), 'waiting for a message');
      } catch (error) {
        seen.problems.push(error.message);
        break;
      }
      const message = inbox.length > 0 ? inbox.shift() : '(connection closed)';
      if (message !== step.text) {
        seen.problems.push(`expected message ${brief(step.text)} got ${brief(message)}`);
        break;
      }
    }
  }

  if (seen.problems.length > 0 && ws.readyState === WebSocket.OPEN) {
    // A step failed: end the row now rather than wait for a close that may not come.
    ws.close(1000);
  }
  try {
    await within(closed, 'the close');
  } catch (error) {
    seen.problems.push(error.message);
    ws.close();
  }
  return seen;
}

/** Records what Chromium's network stack reports about each WebSocket, by URL. */
async function watchSockets(page) {
  const sockets = new Map();
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Network.webSocketCreated', ({ requestId, url }) => {
    sockets.set(requestId, { url, status: null, error: null });
  });
  cdp.on('Network.webSocketHandshakeResponseReceived', ({ requestId, response }) => {
    const socket = sockets.get(requestId);
    if (socket) {
      socket.status = response.status;
    }
  });
  cdp.on('Network.webSocketFrameError', ({ requestId, errorMessage }) => {
    const socket = sockets.get(requestId);
    if (socket && socket.error === null) {
      socket.error = errorMessage;
    }
  });
  await cdp.send('Network.enable');
  return {
    clear: () => sockets.clear(),
    /** Returns the record for `url` once Chromium said how its handshake ended, or null. */
    async settled(url, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const socket = [...sockets.values()].find((s) => s.url === url);
        if ((socket && (socket.status !== null || socket.error !== null))
            || Date.now() > deadline) {
          return socket ?? null;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

/** Returns the status Chromium's network stack reported for a handshake, and how it knew. */
function handshakeStatus(network) {
  if (network === null) {
    return { status: null, how: 'Chromium reported no such WebSocket' };
  }
  if (network.status !== null) {
    return { status: network.status, how: null };
  }
  const code = /Unexpected response code: (\d{3})/.exec(network.error ?? '');
  if (code) {
    return { status: Number(code[1]), how: `chromium-error=${JSON.stringify(network.error)}` };
  }
  if ((network.error ?? '').startsWith(AUTH_FAILED)) {
    return { status: 401, how: `chromium-error=${JSON.stringify(network.error)}` };
  }
  return { status: null, how: `chromium-error=${JSON.stringify(network.error)}` };
}

async function runRow(page, sockets, row, url, timeoutMs) {
  sockets.clear();
  const inPageSeen = await page.evaluate(inPage, {
    url, subprotocols: row.subprotocols ?? null, steps: concreteSteps(row.steps), timeoutMs,
  });
  const { status, how } = handshakeStatus(await sockets.settled(url, timeoutMs));
  const seen = {
    status, headers: null, body: null, subprotocol: inPageSeen.subprotocol,
    extensions: inPageSeen.extensions ? inPageSeen.extensions.split(/,\s*/)
        .map((offer) => offer.split(';')[0].trim()) : [],
    close: inPageSeen.close, reason: inPageSeen.reason, problems: inPageSeen.problems,
    notes: how ? [how] : [],
  };
  if (status === 101 && !inPageSeen.opened) {
    seen.problems.push('Chromium saw a 101 but the page got no open event');
  }
  if (row.expect.status === 101 && inPageSeen.opened && !inPageSeen.wasClean) {
    seen.problems.push('the page saw wasClean=false');
  }
  if (row.expect.status !== 101) {
    // What the WebSocket API promises a page for any failed handshake.
    if (inPageSeen.opened || inPageSeen.close !== 1006 || inPageSeen.wasClean) {
      seen.problems.push(`expected the page to see no open and close 1006 (not clean), saw`
          + ` opened=${inPageSeen.opened} close=${inPageSeen.close}`
          + ` wasClean=${inPageSeen.wasClean}`);
    }
    seen.notes.unshift(`page: close=${inPageSeen.close} wasClean=${inPageSeen.wasClean}`);
  }
  return seen;
}

const base = appAddress(process.argv[2]);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: FLAGS,
  timeout: 30_000,
});
let failed = 1;
try {
  const page = await browser.newPage();
  const sockets = await watchSockets(page);
  await page.goto(`http://${base}/`, { timeout: 10_000 });
  failed = await runTable(CLIENT, base,
      (row, url, timeoutMs) => runRow(page, sockets, row, url, timeoutMs));
} finally {
  await withTimeout(browser.close(), 10_000, 'closing Chromium').catch(() => {});
}
process.exit(failed === 0 ? 0 : 1);
