// End-to-end test: the packaged .vsix installed into code-server (VS Code in
// the browser), driven in headless Chromium as a person would use it.
//
//   node24 e2e/run.mjs --tools DIR --vsix FILE --server PATH/ragex-lsp [--out DIR]
//
// DIR holds e2e/package.json's node_modules (code-server, playwright-core).
// Every step that fails fails the run (exit 1) with the reason, a screenshot
// and the logs; screenshots land in --out (default: out/e2e).

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(
    process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
for (const required of ['tools', 'vsix', 'server']) {
    if (!args[required]) throw new Error(`missing --${required}`);
}
const tools = path.resolve(args.tools);
const vsix = path.resolve(args.vsix);
const serverPath = path.resolve(args.server);
const outDir = path.resolve(args.out ?? path.join(here, '..', 'out', 'e2e'));
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const require = createRequire(path.join(tools, 'package.json'));
const { chromium } = require('playwright-core');
const codeServerEntry = path.join(tools, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const log = (...m) => console.log(`[e2e ${elapsed()}]`, ...m);

// --- the workspace, profile and config, all in a temp dir -------------------

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ragex-vscode-e2e-'));
const workspace = path.join(root, 'workspace');
const userData = path.join(root, 'user-data');
const extensions = path.join(root, 'extensions');
const config = path.join(root, 'config.yaml');
fs.cpSync(path.join(here, '..', 'fixtures', 'workspace'), workspace, { recursive: true });
fs.mkdirSync(path.join(workspace, '.vscode'));
fs.writeFileSync(
    path.join(workspace, '.vscode', 'settings.json'),
    JSON.stringify({ 'ragex.server.path': serverPath, 'ragex.exclude': ['ignored/'] }, null, 2),
);
fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify(
        {
            'workbench.startupEditor': 'none',
            'workbench.tips.enabled': false,
            'workbench.welcomePage.walkthroughs.openOnInstall': false,
            'workbench.secondarySideBar.defaultVisibility': 'hidden',
            'chat.disableAIFeatures': true,
            'chat.commandCenter.enabled': false,
            'security.workspace.trust.enabled': false,
            'telemetry.telemetryLevel': 'off',
            'update.mode': 'none',
            'extensions.autoUpdate': false,
            'extensions.autoCheckUpdates': false,
            'extensions.ignoreRecommendations': true,
            'git.enabled': false,
            'github.gitAuthentication': false,
            'files.hotExit': 'off',
            'window.restoreWindows': 'none',
        },
        null,
        2,
    ),
);
fs.writeFileSync(config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
fs.mkdirSync(outDir, { recursive: true });
for (const f of fs.readdirSync(outDir)) if (f.endsWith('.png')) fs.rmSync(path.join(outDir, f));

const codeServerArgs = ['--user-data-dir', userData, '--extensions-dir', extensions, '--config', config];
// PATH without any ragex-lsp: the first workspace names the server in its
// settings, the second one has no server until its settings are written.
const searchPath = [path.dirname(process.execPath), ...(process.env.PATH ?? '').split(path.delimiter)].filter(
    (dir) => dir && !fs.existsSync(path.join(dir, 'ragex-lsp')),
);
const env = {
    ...process.env,
    PATH: searchPath.join(path.delimiter),
    VIRTUAL_ENV: '',
    XDG_CONFIG_HOME: path.join(root, 'xdg-config'),
    XDG_DATA_HOME: path.join(root, 'xdg-data'),
};
const workspace2 = path.join(root, 'no-server-workspace');
fs.cpSync(path.join(here, '..', 'fixtures', 'workspace'), workspace2, { recursive: true });

let codeServer;
let browser;
let page;
let codeServerLog = '';
let passed = 0;
let failed = 0;

async function step(name, body) {
    const t0 = Date.now();
    try {
        await body();
        passed++;
        log(`ok    ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (e) {
        failed++;
        log(`FAIL  ${name}: ${e && e.stack ? e.stack : e}`);
        throw e;
    }
}

async function shot(name) {
    const file = path.join(outDir, `${name}.png`);
    await page.screenshot({ path: file });
    log(`screenshot ${file}`);
}

function ragexLogs() {
    const files = [];
    const walk = (dir) => {
        for (const e of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
            const p = path.join(dir, e.name);
            if (e.isDirectory()) walk(p);
            else if (/ragex/i.test(path.relative(userData, p)) && e.name.endsWith('.log')) files.push(p);
        }
    };
    walk(path.join(userData, 'logs'));
    return files.map((f) => `--- ${f}\n${fs.readFileSync(f, 'utf8').slice(-6000)}`).join('\n');
}

/** The quick input's visible rows, as text. */
// Ctrl+T and type `text`; a preview or notification can leave the quick input
// inert for a moment, so close what is open and try again until it takes input.
async function symbolSearch(text) {
    // Ctrl+T first; where it opens nothing (focus in a webview, as after the statistics
    // preview), the command palette (F1), whose input `text` (`#...`) turns into the same picker
    const input = page.locator('.quick-input-widget input');
    for (let attempt = 0; ; attempt++) {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Escape');
        await page.keyboard.press(attempt % 2 === 0 ? 'Control+T' : 'F1');
        try {
            await input.waitFor({ state: 'visible', timeout: 5000 });
            await input.fill(text, { timeout: 5000 });
            return input;
        } catch (error) {
            if (attempt >= 4) throw error;
            log(`symbol search ${JSON.stringify(text)}: no picker after ${attempt % 2 === 0 ? 'Ctrl+T' : 'F1'}, trying again`);
        }
    }
}

async function quickPickRows() {
    return page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allInnerTexts();
}

async function waitForRows(predicate, what, timeout = 20000) {
    const deadline = Date.now() + timeout;
    let rows = [];
    while (Date.now() < deadline) {
        rows = await quickPickRows();
        if (predicate(rows)) return rows;
        await page.waitForTimeout(200);
    }
    throw new Error(`${what}: the list shows ${JSON.stringify(rows)}`);
}

// Search `text` in a fresh Go to Symbol in Workspace picker, try after try (each
// waiting `each` ms), until the list satisfies `predicate`; the last try's error past `timeout`
async function searchUntil(text, predicate, what, each, timeout = 30000) {
    const deadline = Date.now() + timeout;
    for (;;) {
        await symbolSearch(text);
        try {
            const rows = await waitForRows(predicate, what, each);
            await page.keyboard.press('Escape');
            return rows;
        } catch (error) {
            await page.keyboard.press('Escape');
            if (Date.now() >= deadline) throw error;
            log(`${what}, trying again: ${error.message}`);
        }
    }
}

async function ragexStatus() {
    const item = page.locator('.statusbar-item', { hasText: 'Ragex' }).first();
    return (await item.count()) ? (await item.innerText()).trim() : '';
}

async function runCommand(title) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    await waitForRows((rows) => rows.some((r) => r.includes(title)), `command "${title}"`);
    await page.keyboard.press('Enter');
}

try {
    await step('the .vsix installs into code-server', async () => {
        const r = spawnSync(process.execPath, [codeServerEntry, ...codeServerArgs, '--install-extension', vsix], { env, encoding: 'utf8', timeout: 120000 });
        const out = `${r.stdout}${r.stderr}`;
        if (r.status !== 0 || !/successfully installed/.test(out)) throw new Error(`code-server --install-extension failed (${r.status}): ${out}`);
        const installed = fs.readdirSync(extensions).filter((d) => d.startsWith('ragex.ragex-lsp-'));
        if (installed.length !== 1) throw new Error(`not in the extensions dir: ${fs.readdirSync(extensions)}`);
    });

    let url;
    await step('code-server starts', async () => {
        codeServer = spawn(process.execPath, [codeServerEntry, ...codeServerArgs, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', workspace], {
            env,
            detached: true,
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        url = await new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`code-server did not listen in 60 s:\n${codeServerLog}`)), 60000);
            const onData = (chunk) => {
                codeServerLog += chunk.toString();
                const m = codeServerLog.match(/HTTP server listening on (http:\/\/[^\s]+)/);
                if (m) {
                    clearTimeout(timer);
                    resolve(m[1]);
                }
            };
            codeServer.stdout.on('data', onData);
            codeServer.stderr.on('data', onData);
            codeServer.on('exit', (code) => reject(new Error(`code-server exited (${code}):\n${codeServerLog}`)));
        });
        log(`code-server at ${url}`);
    });

    await step('headless Chromium opens the workspace', async () => {
        if (!fs.existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath} (apt-get install chromium)`);
        browser = await chromium.launch({
            executablePath: chromiumPath,
            headless: true,
            args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
        });
        page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        page.setDefaultTimeout(30000);
        await page.goto(`${url.replace(/\/$/, '')}/?folder=${encodeURIComponent(workspace)}`);
        await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
        await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'src' }).first().waitFor({ timeout: 60000 });
    });

    const seen = [];
    await step('the extension starts the server, shows indexing in the status bar, then the symbol count', async () => {
        const deadline = Date.now() + 120000;
        let text = '';
        while (Date.now() < deadline) {
            text = await ragexStatus();
            if (text && seen[seen.length - 1] !== text) seen.push(text);
            if (/Ragex: [\d,]+ symbols/.test(text)) break;
            await page.waitForTimeout(100);
        }
        log(`status bar texts: ${JSON.stringify(seen)}`);
        if (!/Ragex: [\d,]+ symbols/.test(text)) throw new Error(`status bar shows ${JSON.stringify(text)}, not the symbol count`);
        const symbols = Number(text.match(/Ragex: ([\d,]+) symbols/)[1].replace(/,/g, ''));
        if (symbols < 15) throw new Error(`only ${symbols} symbols indexed`);
        await shot('01-indexed');
    });

    await step('Go to Symbol in Workspace (Ctrl+T) finds a Python class', async () => {
        await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => undefined);
        await page.keyboard.press('Control+T');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible' });
        const value = await input.inputValue();
        if (!value.startsWith('#')) throw new Error(`Ctrl+T opened ${JSON.stringify(value)}, not the # symbol picker`);
        await input.fill('#InventoryStore');
        const rows = await waitForRows((r) => r.some((t) => t.includes('InventoryStore') && t.includes('inventory.py')), 'workspace symbol InventoryStore');
        log(`workspace symbols: ${JSON.stringify(rows.slice(0, 5))}`);
        await shot('02-workspace-symbol');
        await page.keyboard.press('Enter');
        await page.locator('.tabs-container .tab.active', { hasText: 'inventory.py' }).waitFor();
        await page.locator('.statusbar-item', { hasText: 'Ln 17, Col 7' }).waitFor();
    });

    await step('a fuzzy query (#reqrout) finds the Go struct', async () => {
        await page.keyboard.press('Control+T');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible' });
        await input.fill('#reqrout');
        const rows = await waitForRows((r) => r.some((t) => t.includes('RequestRouter') && t.includes('server.go')), 'workspace symbol reqrout');
        log(`workspace symbols: ${JSON.stringify(rows.slice(0, 5))}`);
        await page.keyboard.press('Escape');
    });

    await step('Go to Symbol in Editor (@) lists the outline of the file', async () => {
        await page.keyboard.press('Control+Shift+O');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible' });
        const rows = await waitForRows(
            (r) => ['InventoryItem', 'InventoryStore', 'add_item', 'find_item', 'load_inventory'].every((n) => r.some((t) => t.includes(n))),
            'document symbols of inventory.py',
        );
        log(`document symbols: ${JSON.stringify(rows)}`);
        await shot('03-document-symbols');
        await page.keyboard.press('Escape');
    });

    await step('the Outline view shows the symbol tree', async () => {
        // fold the file tree away so the outline gets the room
        await page.locator('.pane-header', { hasText: 'workspace' }).first().click();
        await page.locator('.pane-header', { hasText: 'Outline' }).click();
        const outline = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Outline' }) });
        for (const name of ['InventoryItem', 'InventoryStore', 'add_item', 'load_inventory']) {
            await outline.locator(`.monaco-list-row[aria-label^="${name} "]`).first().waitFor({ timeout: 20000 });
        }
        await shot('04-outline');
    });

    await step('a saved edit is in the index (didSave)', async () => {
        await page.locator('.tabs-container .tab.active', { hasText: 'inventory.py' }).click();
        await page.keyboard.press('Control+End');
        await page.keyboard.press('Enter');
        // the editor auto-indents; type at column 0 by clearing first
        await page.keyboard.press('Shift+Home');
        await page.keyboard.type('\n\ndef freshly_saved_helper():\n');
        await page.keyboard.type('return 42');
        await page.keyboard.press('Control+S');
        await searchUntil('#freshly_saved', (r) => r.some((t) => t.includes('freshly_saved_helper')), 'saved symbol', 3000);
    });

    await step('Ragex: Show Index Statistics renders the stats', async () => {
        await runCommand('Ragex: Show Index Statistics');
        await page.locator('.tabs-container .tab', { hasText: 'Ragex Index Statistics' }).first().waitFor({ timeout: 20000 });
        const deadline = Date.now() + 20000;
        let found = false;
        while (!found && Date.now() < deadline) {
            for (const frame of page.frames()) {
                const text = await frame.locator('body').innerText({ timeout: 1000 }).catch(() => '');
                if (text.includes('Ragex index statistics') && /Files in the index\s+3/.test(text)) found = true;
            }
            if (!found) await page.waitForTimeout(300);
        }
        if (!found) throw new Error('the statistics preview does not show "Ragex index statistics" with 3 files');
        await shot('05-statistics');
    });

    await step('Ragex: Reindex Workspace runs and the count comes back', async () => {
        await runCommand('Ragex: Reindex Workspace');
        const deadline = Date.now() + 60000;
        let text = '';
        while (Date.now() < deadline) {
            text = await ragexStatus();
            if (/Ragex: [\d,]+ symbols/.test(text) && !/indexing/.test(text)) break;
            await page.waitForTimeout(200);
        }
        if (!/Ragex: [\d,]+ symbols/.test(text)) throw new Error(`after reindex the status bar shows ${JSON.stringify(text)}`);
    });

    await step('a settings change (ragex.exclude) reaches the running server and reindexes', async () => {
        // before the change: the picker settles on "No matching" (retried: focus may still be
        // in the statistics webview or the command palette when the first Ctrl+T is pressed)
        const noMatch = (r) => r.some((t) => t.includes('No matching') || t.includes('ExcludedWidget'));
        const shown = await searchUntil('#ExcludedWidget', noMatch, '#ExcludedWidget before the change', 3000);
        if (shown.some((t) => t.includes('ExcludedWidget'))) throw new Error(`ExcludedWidget found while ragex.exclude covers it: ${JSON.stringify(shown)}`);
        fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'ragex.server.path': serverPath, 'ragex.exclude': [] }, null, 2));
        const found = (r) => r.some((t) => t.includes('ExcludedWidget') && t.includes('excluded.py'));
        await searchUntil('#ExcludedWidget', found, '#ExcludedWidget after the change', 2000);
    });

    await step('no server: one notification with the install command; Open Setting opens ragex.server.path', async () => {
        page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        page.setDefaultTimeout(30000);
        await page.goto(`${url.replace(/\/$/, '')}/?folder=${encodeURIComponent(workspace2)}`);
        await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
        const toast = page.locator('.notification-toast', { hasText: 'ragex-lsp language server was not found' });
        await toast.waitFor({ timeout: 60000 });
        const text = await toast.innerText();
        if (!text.includes('pip install ragex-lsp')) throw new Error(`the notification lacks the install command: ${text}`);
        if ((await toast.count()) !== 1) throw new Error(`${await toast.count()} notifications, not one`);
        await shot('06-server-not-found');
        await toast.getByRole('button', { name: 'Open Setting' }).click();
        await page.locator('.settings-editor').waitFor();
        const setting = page.locator('.settings-editor .setting-item-contents', { hasText: 'The language server' }).first();
        await setting.waitFor({ timeout: 20000 });
        const title = await setting.locator('.setting-item-title').innerText();
        if (!/Ragex.*Server.*Path/s.test(title)) throw new Error(`the settings editor shows ${JSON.stringify(title)}`);
        await shot('07-server-path-setting');
    });

    await step('setting ragex.server.path starts the server without a reload', async () => {
        fs.mkdirSync(path.join(workspace2, '.vscode'), { recursive: true });
        fs.writeFileSync(path.join(workspace2, '.vscode', 'settings.json'), JSON.stringify({ 'ragex.server.path': serverPath }));
        const deadline = Date.now() + 60000;
        let text = '';
        while (Date.now() < deadline) {
            text = await ragexStatus();
            if (/Ragex: [\d,]+ symbols/.test(text)) break;
            await page.waitForTimeout(200);
        }
        if (!/Ragex: [\d,]+ symbols/.test(text)) throw new Error(`after setting ragex.server.path the status bar shows ${JSON.stringify(text)}`);
    });
} catch (e) {
    if (page) await shot('failure').catch(() => undefined);
    console.log(`--- code-server log (tail)\n${codeServerLog.slice(-4000)}`);
    console.log(ragexLogs());
} finally {
    await browser?.close().catch(() => undefined);
    if (codeServer && codeServer.exitCode === null) {
        try {
            process.kill(-codeServer.pid, 'SIGTERM');
        } catch {
            // already gone
        }
        await new Promise((r) => setTimeout(r, 1000));
        try {
            process.kill(-codeServer.pid, 'SIGKILL');
        } catch {
            // already gone
        }
    }
    fs.rmSync(root, { recursive: true, force: true });
}

console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
