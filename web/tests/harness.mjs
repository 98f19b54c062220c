// What the browser scenarios share: Debian's Chromium through playwright-core (no downloaded browser), one browser
// context per person, sign-in through the UI with the identities file, steps that print "ok N - name" / "not ok N -
// name", screenshots as artifacts (every open page on a failure), and the waits a chain write needs.
//
// Environment (set by the harness, test/MedRec.Web.Tests):
//   MEDREC_URL         the Host.Api origin serving web/dist
//   MEDREC_IDENTITIES  the identities file ([{ role, name, address, privateKey }])
//   MEDREC_ARTIFACTS   where screenshots go (default web/test-results/<scenario>)
//   CHROMIUM           the browser binary (default /usr/bin/chromium)

import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

// Chain writes go through a 202 and are followed until the mirror applied them; on a loaded 2-core machine that can
// take a while, so each wait has a generous deadline and says what it waited for when it runs out.
export const writeDeadlineMs = 90_000;

export class Scenario {
  static async start(name) {
    const scenario = new Scenario(name);
    await scenario.#open();
    return scenario;
  }

  #step = 0;
  #pages = [];
  #browser;
  passed = 0;
  failed = 0;

  constructor(name) {
    this.name = name;
    this.baseUrl = required('MEDREC_URL').replace(/\/$/, '');
    this.identitiesFile = required('MEDREC_IDENTITIES');
    this.artifacts = process.env.MEDREC_ARTIFACTS ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test-results', name);
  }

  async #open() {
    this.identities = JSON.parse(await readFile(this.identitiesFile, 'utf8'));
    await mkdir(this.artifacts, { recursive: true });
    this.#browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage', '--disable-component-update', '--no-first-run'],
    });
  }

  /** The identity with this role and name, its address lowercase. */
  identity(role, name) {
    const found = this.identities.find(i => i.role === role && i.name === name);
    if (!found) throw new Error(`${this.identitiesFile} has no ${role} named "${name}"`);
    return { ...found, address: found.address.toLowerCase() };
  }

  /** A page in a fresh browser context: its own localStorage, as a separate browser would have. */
  async newPage() {
    const context = await this.#browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(writeDeadlineMs);
    page.on('pageerror', error => console.log(`  [page error] ${error.message}`));
    page.on('console', message => { if (message.type() === 'error') console.log(`  [console] ${message.text()}`); });
    this.#pages.push(page);
    return page;
  }

  /** Opens an app (patient or physician), loads the identities file through the UI and signs in as `who`. */
  async signIn(app, who) {
    const page = await this.newPage();
    await page.goto(`${this.baseUrl}/#/${app}`);
    await page.getByTestId('identities-file').setInputFiles(this.identitiesFile);
    await page.getByTestId('key-message').waitFor();
    await page.locator(`[data-testid=use-key][data-address="${who.address}"]`).click();
    await page.locator(`[data-testid=signed-in][data-address="${who.address}"]`).waitFor();
    return page;
  }

  /** Runs one step; after a failure the remaining steps are reported as skipped. */
  async run(name, body) {
    this.#step++;
    if (this.failed > 0) {
      console.log(`ok ${this.#step} - ${name} # SKIP an earlier step failed`);
      return;
    }
    const started = Date.now();
    try {
      await body();
      this.passed++;
      console.log(`ok ${this.#step} - ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      this.failed++;
      console.log(`not ok ${this.#step} - ${name}\n  ${String(error?.stack ?? error).split('\n').join('\n  ')}`);
      for (const [index, page] of this.#pages.entries()) {
        await page.screenshot({ path: path.join(this.artifacts, `failure-step${this.#step}-page${index}.png`), fullPage: true }).catch(() => undefined);
      }
    }
  }

  async shot(page, name) {
    await page.screenshot({ path: path.join(this.artifacts, `${name}.png`), fullPage: true });
  }

  /** Closes the browser, prints the closing line and exits non-zero when a step failed. */
  async finish() {
    await this.#browser?.close();
    console.log(`${this.passed} passed, ${this.failed} failed`);
    process.exit(this.failed === 0 ? 0 : 1);
  }
}

/** Waits until the page's current chain write is applied by the mirror; fails at once, with its message, if it failed. */
export async function operationApplied(page) {
  const operation = page.getByTestId('operation');
  await operation.and(page.locator('[data-status=applied], [data-status=failed]')).waitFor({ timeout: writeDeadlineMs });
  if (await operation.getAttribute('data-status') === 'failed') {
    throw new Error(`the chain write failed: ${await operation.textContent()}`);
  }
}

/** Waits (up to 15 s) until the locator matches exactly `expected` elements: the app re-renders after each refresh it
 * starts on its own (after a write is applied, the relationship or summary is read again), so a count taken at once
 * can still see the previous render. */
export async function expectCount(locator, expected, what) {
  const deadline = Date.now() + 15_000;
  let actual = await locator.count();
  while (actual !== expected && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 100));
    actual = await locator.count();
  }
  if (actual !== expected) throw new Error(`expected ${expected} ${what}, found ${actual} (waited 15 s)`);
}

/** A date as a datetime-local input's value (local time, seconds). */
export function localInput(date) {
  const pad = n => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set (see the header of web/tests/harness.mjs)`);
    process.exit(2);
  }
  return value;
}
