// Bundles the extension (out/extension.js, `vscode` left external) and the
// Node tests (out/test/*.test.js). `--production` minifies the extension;
// `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    sourcemap: !production,
    logLevel: 'warning',
};

const builds = [
    { ...common, entryPoints: ['src/extension.ts'], outfile: 'out/extension.js', external: ['vscode'], minify: production },
    {
        ...common,
        entryPoints: fs.readdirSync('test').filter((f) => f.endsWith('.test.ts')).map((f) => `test/${f}`),
        outdir: 'out/test',
        // the tests must never load vscode: a bundle that needs it fails at build time
        external: [],
    },
];

if (watch) {
    for (const options of builds) await (await esbuild.context(options)).watch();
} else {
    await Promise.all(builds.map((options) => esbuild.build(options)));
}
