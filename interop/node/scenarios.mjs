// The scenario table and its checks, shared by the Node clients (ws, and Chromium). The Python
// client reads the same table and applies the same rules in clients/python_client.py.
import { readFileSync } from 'node:fs';

const TABLE = new URL('../scenarios.json', import.meta.url);

/**
 * Returns the app's address from the command line: 127.0.0.1:PORT, and nothing else, so that
 * no client is ever aimed anywhere but the loopback app run.sh started. Exits otherwise.
 */
export function appAddress(argument) {
  if (!/^127\.0\.0\.1:[1-9][0-9]{0,4}$/.test(argument ?? '')) {
    console.error(`usage: node ${process.argv[1]} 127.0.0.1:PORT (got ${argument})`);
    process.exit(2);
  }
  return argument;
}

/** Returns the parsed scenarios.json. */
export function loadTable() {
  return JSON.parse(readFileSync(TABLE, 'utf8'));
}

/** Returns the text a step's data stands for: a string, or {repeat, bytes} (ASCII repeat). */
export function textOf(data) {
  if (typeof data === 'string') {
    return data;
  }
  return data.repeat.repeat(Math.ceil(data.bytes / data.repeat.length)).slice(0, data.bytes);
}

/**
 * Turns a row's steps into concrete ones: {op: 'send', kind, text | hex},
 * {op: 'receive', text}, {op: 'close', code}. A receive of 'sent' expects the last text sent.
 */
export function concreteSteps(steps = []) {
  let lastSent = null;
  return steps.map((step) => {
    if (step.send === 'text') {
      lastSent = textOf(step.data);
      return { op: 'send', kind: 'text', text: lastSent };
    }
    if (step.send === 'binary' || step.send === 'invalidText') {
      return { op: 'send', kind: step.send, hex: step.data };
    }
    if (step.receive === 'text') {
      return { op: 'receive', text: step.data === 'sent' ? lastSent : step.data };
    }
    if (step.close !== undefined) {
      return { op: 'close', code: step.close };
    }
    throw new Error(`unknown step ${JSON.stringify(step)}`);
  });
}

/**
 * Returns the ws:// URL a row connects to. A 'spare' row first asks the app for a fresh server
 * (GET /spare-server answers with its port) so that stopping it leaves the app running.
 */
export async function targetUrl(base, row, timeoutMs) {
  if (!row.spare) {
    return `ws://${base}${row.path}`;
  }
  const response = await fetch(`http://${base}/spare-server`,
      { signal: AbortSignal.timeout(timeoutMs) });
  const port = Number.parseInt(await response.text(), 10);
  return `ws://127.0.0.1:${port}${row.path}`;
}

/** Describes a received or expected text briefly: long texts by length and start. */
export function brief(text) {
  if (typeof text !== 'string') {
    return String(text);
  }
  return text.length <= 40 ? JSON.stringify(text)
      : `${text.length} chars starting ${JSON.stringify(text.slice(0, 16))}`;
}

/**
 * Compares what a client saw with a row's expectations. `seen` has status, headers (lowercase
 * names; null when the client does not expose them), body (null when not exposed),
 * subprotocol, extensions (names), close, reason and problems (from the steps). Returns the
 * list of mismatches.
 */
export function mismatches(expect, seen) {
  const found = [...seen.problems];
  if (seen.status !== expect.status) {
    found.push(`expected status ${expect.status} got ${seen.status}`);
    return found;
  }
  for (const [name, value] of Object.entries(expect.headers ?? {})) {
    if (seen.headers && seen.headers[name] !== value) {
      found.push(`expected header ${name}: ${value} got ${seen.headers[name]}`);
    }
  }
  for (const part of expect.body ?? []) {
    if (seen.body !== null && seen.body !== undefined && !seen.body.includes(part)) {
      found.push(`expected body containing ${JSON.stringify(part)} got ${brief(seen.body)}`);
    }
  }
  if (expect.close !== undefined && seen.close !== expect.close) {
    found.push(`expected close ${expect.close} got ${seen.close}`
        + (seen.reason ? ` ${JSON.stringify(seen.reason)}` : ''));
  }
  if (expect.reason !== undefined && seen.reason !== expect.reason) {
    found.push(`expected reason ${JSON.stringify(expect.reason)}`
        + ` got ${JSON.stringify(seen.reason)}`);
  }
  if (expect.reasonPrefix !== undefined && !(seen.reason ?? '').startsWith(expect.reasonPrefix)) {
    found.push(`expected reason starting ${JSON.stringify(expect.reasonPrefix)}`
        + ` got ${JSON.stringify(seen.reason)}`);
  }
  if (expect.subprotocol !== undefined && seen.subprotocol !== expect.subprotocol) {
    found.push(`expected subprotocol ${expect.subprotocol}`
        + ` got ${JSON.stringify(seen.subprotocol)}`);
  }
  if (expect.extension !== undefined && !seen.extensions.includes(expect.extension)) {
    found.push(`expected extension ${expect.extension} got ${JSON.stringify(seen.extensions)}`);
  }
  return found;
}

/** Returns the short account of what was seen that ends a result line. */
export function summary(seen, expect) {
  const parts = [`status=${seen.status}`];
  if (seen.status === 101) {
    parts.push(`close=${seen.close}`);
    if (seen.reason) {
      parts.push(`reason=${JSON.stringify(seen.reason)}`);
    }
    if (seen.subprotocol) {
      parts.push(`subprotocol=${seen.subprotocol}`);
    }
    if (seen.extensions.length > 0) {
      parts.push(`extensions=${seen.extensions.join(',')}`);
    }
  } else if (seen.status !== null) {
    for (const name of Object.keys(expect.headers ?? {})) {
      parts.push(seen.headers ? `${name}=${JSON.stringify(seen.headers[name])}`
          : `${name}=(not exposed)`);
    }
    if (seen.body !== null && seen.body !== undefined) {
      parts.push(`body=${seen.body.length <= 300 ? JSON.stringify(seen.body) : brief(seen.body)}`);
    } else if (expect.body) {
      parts.push('body=(not exposed)');
    }
  }
  return [...parts, ...(seen.notes ?? [])].join(' ');
}

/** Prints one result line: client, scenario, OK / FAIL / SKIP, and the detail. */
export function report(client, name, verdict, detail) {
  console.log(`${client.padEnd(9)}${name.padEnd(26)}${verdict.padEnd(6)}${detail}`);
}

/**
 * Runs every row with `run(row, url)` and prints its line; returns the number of failures.
 * INTEROP_ONLY (comma-separated names) runs only those rows.
 */
export async function runTable(client, base, run) {
  const table = loadTable();
  const timeoutMs = table.timeoutSeconds * 1000;
  const only = process.env.INTEROP_ONLY ? process.env.INTEROP_ONLY.split(',') : null;
  let failed = 0;
  for (const row of table.scenarios.filter((r) => only === null || only.includes(r.name))) {
    if (row.skip?.[client]) {
      report(client, row.name, 'SKIP', row.skip[client]);
      continue;
    }
    let seen;
    try {
      const url = await targetUrl(base, row, timeoutMs);
      seen = await withTimeout(run(row, url, timeoutMs), 2 * timeoutMs, 'the scenario');
    } catch (error) {
      failed++;
      report(client, row.name, 'FAIL', `error: ${error.message}`);
      continue;
    }
    const found = mismatches(row.expect, seen);
    if (found.length === 0) {
      report(client, row.name, 'OK', summary(seen, row.expect));
    } else {
      failed++;
      report(client, row.name, 'FAIL', `${found.join('; ')} (saw ${summary(seen, row.expect)})`);
    }
  }
  return failed;
}

/** Resolves as `promise` does, or rejects once `ms` passed. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
