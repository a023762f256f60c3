/**
 * `faultline gather DIR`: a sharded sweep's pieces (JUnit files, failing run folders) below DIR become DIR/junit.xml
 * and DIR/index.html. Exit 0 when no run failed, 1 when one did (the sweep's verdict), 2 on bad input.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../../harness/io/atomic.ts';
import { gather, INDEX, indexPage, MERGED_JUNIT } from '../ci/gather.ts';
import { mergeJUnit } from '../ci/junit-merge.ts';
import type { CommandRegistrar } from '../cli.ts';
import { asUsageError, EXIT } from '../errors.ts';

export const registerGather: CommandRegistrar = (program, io, setExit) => {
  program
    .command('gather')
    .description("merge a sharded sweep's JUnit files and index its failing runs (DIR/junit.xml, DIR/index.html)")
    .argument('<dir>', 'a folder holding the shards’ output (e.g. CI artifacts downloaded into one place)')
    .action((dir: string) => {
      const { junit, runs } = gather(dir);
      const merged = junit.length === 0 ? undefined : mergeJUnit(junit);
      asUsageError(() => {
        if (merged !== undefined) writeFileAtomic(join(dir, MERGED_JUNIT), merged.xml);
        writeFileAtomic(join(dir, INDEX), indexPage(runs, merged?.totals));
      });
      const t = merged?.totals;
      io.stdout(t === undefined ? 'no JUnit files found' : `${junit.length} JUnit files: ${t.tests} seeds, ${t.failures} failed, ${t.errors} undecided, ${t.skipped} not run → ${join(dir, MERGED_JUNIT)}`);
      io.stdout(`${runs.length} failing runs`);
      io.stdout(`index: ${join(dir, INDEX)}`);
      const failed = runs.length > 0 || (t !== undefined && t.failures + t.errors > 0);
      setExit(failed ? EXIT.violation : EXIT.valid);
    });
};
