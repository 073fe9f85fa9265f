import { Command, Option } from 'commander';
import { wrapLines } from '../../report/index.js';
import { diffModels, witnessTraces } from '../../symbolic/diff.js';
import { diffJson, diffMarkdown, formatDiff } from '../../report/diff.js';
import { parseSize, parseCount, helpFooter } from '../options.js';
import { type Context, EXIT } from '../context.js';

/** Registers `vpcreach diff`. */
export function register(program: Command, ctx: Context): void {
  program
    .command('diff')
    .description('the flows a change gains and loses: every flow of both models compared, by class')
    .argument('[before]', 'the model before the change')
    .argument('[after]', 'the model after the change')
    .addOption(new Option('--fail-on <what>', 'exit 1 when flows were lost, gained, or either').choices(['lost', 'gained', 'any']))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .option('--max-file-size <size>', 'refuse a model file larger than this (default 64MiB)', parseSize)
    .option('--max-values <n>', 'refuse a model with more values than this (default 2,000,000)', parseCount)
    .addHelpText(
      'after',
      helpFooter(
        ['vpcreach diff main/model.yaml model.yaml --fail-on lost', 'vpcreach diff before.json after.json --format markdown >> $GITHUB_STEP_SUMMARY'],
        '0 compared (and nothing --fail-on names changed), 1 flows were lost or gained as --fail-on says, 2 usage or input error',
      ),
    )
    .action((before: string | undefined, after: string | undefined, opts: { failOn?: string; format: string; maxFileSize?: number }) => {
      if (before === undefined || after === undefined) {
        ctx.io.err(
          `vpcreach diff: ${before === undefined ? 'the two model files are missing' : 'the second model file is missing'}\nusage: vpcreach diff <before> <after> [--fail-on lost|gained|any] [--format text|json|markdown]  (vpcreach diff --help for more)\n`,
        );
        ctx.code = EXIT.usage;
        return;
      }
      const a = ctx.simulatorFor(before, opts, 'nothing was compared');
      if (!a) return;
      const b = ctx.simulatorFor(after, opts, 'nothing was compared');
      if (!b) return;
      const d = diffModels(a, b);
      const files = { before, after };
      // JSON carries each change's witness traced on both sides (the first MAX_TRACED_FAILURES changes).
      const traces = opts.format === 'json' ? witnessTraces(a, b, d) : [];
      ctx.io.out(
        opts.format === 'json'
          ? diffJson(files, d, traces)
          : opts.format === 'markdown'
            ? diffMarkdown(files, d)
            : wrapLines(formatDiff(files, d), ctx.io.width ?? 0),
      );
      const failed =
        (opts.failOn === 'lost' || opts.failOn === 'any') && d.lostFlows > 0 ? true : (opts.failOn === 'gained' || opts.failOn === 'any') && d.gainedFlows > 0;
      ctx.code = failed ? EXIT.finding : EXIT.ok;
    });
}
